"""SIGTERM and Ctrl-C ask the trainer to stop at the next step boundary (after a checkpoint)."""
import signal


class StopSignals:
  """While active, the first SIGTERM/SIGINT sets `requested`; a second one ends the process."""

  SIGNALS = (signal.SIGTERM, signal.SIGINT)

  def __init__(self):
    self.requested: str | None = None
    self._previous = {}

  def _handle(self, signum, frame):
    if self.requested is not None:
      signal.signal(signum, signal.SIG_DFL)
      signal.raise_signal(signum)
    self.requested = signal.Signals(signum).name

  def __enter__(self) -> 'StopSignals':
    self._previous = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
    return self

  def __exit__(self, *exc) -> None:
    for s, handler in self._previous.items():
      signal.signal(s, handler)
