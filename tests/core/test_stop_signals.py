import gc
import signal
import time

import pytest

from genjax.core.stop_signals import StopRequested, raising_stop_signals


def test_a_signal_during_a_garbage_collector_callback_still_stops_the_command():
  """Python drops an exception raised inside a gc callback (jax has one): the stop must not be lost."""
  sent = []

  def callback(phase, info):
    if phase == 'start' and not sent:
      sent.append(phase)
      signal.raise_signal(signal.SIGTERM)  # Its handler runs within this callback.

  gc.callbacks.append(callback)
  try:
    with pytest.raises(StopRequested, match='SIGTERM'), raising_stop_signals():
      gc.collect()
      deadline = time.monotonic() + 5
      while time.monotonic() < deadline:
        time.sleep(0.01)
  finally:
    gc.callbacks.remove(callback)
  assert sent


def test_a_signal_elsewhere_raises_at_once():
  with pytest.raises(StopRequested, match='SIGINT'), raising_stop_signals():
    signal.raise_signal(signal.SIGINT)
    time.sleep(5)
