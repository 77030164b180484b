import gc
import signal
import sys
import time
import weakref

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


class Thing:
  pass


def in_a_gc_callback(handler):
  def callback(phase, info):
    if phase == 'start':
      gc.callbacks.remove(callback)
      handler()

  gc.callbacks.append(callback)
  gc.collect()


def in_a_weakref_callback(handler):
  thing = Thing()
  reference = weakref.ref(thing, lambda _: handler())
  del thing
  assert reference() is None


@pytest.mark.parametrize('where', [in_a_gc_callback, in_a_weakref_callback])
def test_a_signal_where_python_drops_exceptions_still_stops_the_command(where, sigterm_unblocked):
  """Python drops an exception raised inside a gc callback (jax has one) or a weakref callback: the
  stop must not be lost."""
  handled = []

  def handler():  # The installed handler, as if the signal arrived in this callback.
    handled.append(True)
    signal.getsignal(signal.SIGTERM)(signal.SIGTERM, sys._getframe())

  with pytest.raises(StopRequested, match='SIGTERM'), raising_stop_signals():
    where(handler)
    assert handled
    wait_for_the_signal()


def test_a_signal_elsewhere_raises_at_once(sigterm_unblocked):
  with pytest.raises(StopRequested, match='SIGINT'), raising_stop_signals():
    signal.raise_signal(signal.SIGINT)
    wait_for_the_signal()
