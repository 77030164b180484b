import gc
import signal
import sys
import time

import pytest

from genjax.core.stop_signals import StopRequested, raising_stop_signals


@pytest.fixture
def sigterm_unblocked():
  """SIGTERM deliverable to this thread, as in a command's process (a test process's libraries may block it)."""
  previous = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
  yield
  signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def wait_for_the_signal() -> None:
  deadline = time.monotonic() + 10
  while time.monotonic() < deadline:
    time.sleep(0.01)


def test_a_signal_during_a_garbage_collector_callback_still_stops_the_command(sigterm_unblocked):
  """Python drops an exception raised inside a gc callback (jax has one): the stop must not be lost."""
  handled = []

  def callback(phase, info):
    if phase == 'start' and not handled:  # The handler, as if the signal arrived within this callback.
      handled.append(phase)
      signal.getsignal(signal.SIGTERM)(signal.SIGTERM, sys._getframe())

  gc.callbacks.append(callback)
  try:
    with pytest.raises(StopRequested, match='SIGTERM'), raising_stop_signals():
      gc.collect()
      wait_for_the_signal()
  finally:
    gc.callbacks.remove(callback)
  assert handled


def test_a_signal_elsewhere_raises_at_once(sigterm_unblocked):
  with pytest.raises(StopRequested, match='SIGINT'), raising_stop_signals():
    signal.raise_signal(signal.SIGINT)
    wait_for_the_signal()
