"""Stop signals (SIGTERM, SIGINT/Ctrl-C) mean one thing at every moment of every command: stop now,
keeping what is complete.

A command runs under `raising_stop_signals()`: a signal raises `StopRequested` in the main thread
as soon as Python runs again (the CLI turns it into one line and an exit code). A training loop runs
under `StopSignals`: the first signal asks the loop to stop at the next step boundary, where it
saves a checkpoint, and a second one ends the process at once.
"""
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequested(BaseException):
  """A stop signal outside a training loop; a BaseException, as KeyboardInterrupt is, so that no
  `except Exception` swallows it. `removed_workdir`: the run folder the command had created and
  removed because the stop came before the first step, or None."""

  def __init__(self, signum: int):
    self.signum = signum
    self.removed_workdir: str | None = None
    self.signal_name = signal.Signals(signum).name
    self.exit_code = 128 + signum  # The shell's code for a process ended by this signal.
    super().__init__(self.signal_name)


# Python prints and drops an exception raised where nothing can catch it (a garbage-collector
# callback, which jax registers, a weakref callback, `__del__`): a stop dropped so is sent again
# this much later, until it lands where it can stop the command.
RESEND_AFTER_SECONDS = 0.05


def _raise(signum, frame):
  raise StopRequested(signum)


def _resend_dropped_stops(previous_hook):
  def hook(unraisable):
    if isinstance(unraisable.exc_value, StopRequested):
      resend = (os.getpid(), unraisable.exc_value.signum)
      threading.Timer(RESEND_AFTER_SECONDS, os.kill, resend).start()
    else:
      previous_hook(unraisable)

  return hook


@contextlib.contextmanager
def raising_stop_signals() -> Iterator[None]:
  """While active, each stop signal raises `StopRequested` (a command's default; `StopSignals`
  overrides it inside a training loop); the previous handlers come back after."""
  previous = {s: signal.signal(s, _raise) for s in SIGNALS}
  previous_hook = sys.unraisablehook
  sys.unraisablehook = _resend_dropped_stops(previous_hook)
  try:
    yield
  finally:
    sys.unraisablehook = previous_hook
    for s, handler in previous.items():
      signal.signal(s, handler)


class StopSignals:
  """While active, the first SIGTERM/SIGINT sets `requested`; a second one ends the process."""

  def __init__(self):
    self.requested: str | None = None
    self._previous = {}

  def _handle(self, signum, frame):
    if self.requested is not None:
      signal.signal(signum, signal.SIG_DFL)
      signal.raise_signal(signum)
    self.requested = signal.Signals(signum).name

  def __enter__(self) -> 'StopSignals':
    self._previous = {s: signal.signal(s, self._handle) for s in SIGNALS}
    return self

  def __exit__(self, *exc) -> None:
    for s, handler in self._previous.items():
      signal.signal(s, handler)
