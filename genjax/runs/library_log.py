"""What libraries report from their own threads, kept off the terminal: exceptions that end a thread,
exceptions nobody can raise (tensorstore's callbacks into orbax's closed event loop after a failed
write), the warnings about coroutines such a write abandoned, orbax's and asyncio's log records. They go to DIR/logs/libraries.log, created at the first
of them; genjax reports the failure behind them itself, on one line."""
import contextlib
import logging
import os
import pathlib
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Iterator

LOG = pathlib.Path('logs') / 'libraries.log'


@contextlib.contextmanager
def libraries_logged(workdir: str, until_exit: bool = False) -> Iterator[None]:
  """Sends library threads' reports to `workdir`/LOG while the block runs, or, `until_exit` (the
  process is the command: a thread may still report after it), for the rest of the process."""
  hooks = threading.excepthook, sys.unraisablehook, warnings.showwarning
  log = _LibraryLog(pathlib.Path(workdir), main_thread_unraisable=hooks[1], show_warning=hooks[2])
  threading.excepthook, sys.unraisablehook, warnings.showwarning = log.thread_exception, log.unraisable, log.warning
  logging.getLogger('absl').addFilter(log.orbax_record)  # orbax logs through absl
  logging.getLogger('asyncio').addFilter(log.record)
  try:
    yield
  finally:
    if not until_exit:
      threading.excepthook, sys.unraisablehook, warnings.showwarning = hooks
      logging.getLogger('absl').removeFilter(log.orbax_record)
      logging.getLogger('asyncio').removeFilter(log.record)


class _LibraryLog:
  """Appends reports to `workdir`/LOG; drops those it cannot write, and all where `workdir` is no
  directory (a mistyped --workdir: nothing is created there)."""

  def __init__(self, workdir: pathlib.Path, main_thread_unraisable, show_warning):
    self.workdir, self._main_thread_unraisable, self._show_warning = workdir, main_thread_unraisable, show_warning
    self._lock = threading.Lock()

  def thread_exception(self, args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit:
      self._exception('exception in thread', args.exc_type, args.exc_value, args.exc_traceback)

  def unraisable(self, report) -> None:
    """sys.unraisablehook: the main thread's go where they went (genjax's own code runs there)."""
    if threading.current_thread() is threading.main_thread():
      self._main_thread_unraisable(report)
    else:
      self._exception(report.err_msg or 'exception ignored', report.exc_type, report.exc_value,
                      report.exc_traceback)

  def warning(self, message, category, filename, lineno, file=None, line=None) -> None:
    """warnings.showwarning: an abandoned coroutine's warning goes here, others where they went."""
    if issubclass(category, RuntimeWarning) and 'was never awaited' in str(message):
      self._append(f'{category.__name__} at {filename}:{lineno}', str(message))
    else:
      self._show_warning(message, category, filename, lineno, file, line)

  def orbax_record(self, record: logging.LogRecord) -> bool:
    """A logging filter: orbax's records go here, others on their way."""
    return f'{os.sep}orbax{os.sep}' not in record.pathname or self.record(record)

  def record(self, record: logging.LogRecord) -> bool:
    """A logging filter: writes `record` here and drops it."""
    self._append(f'{record.levelname} from {record.name} at {record.pathname}:{record.lineno}',
                 logging.Formatter().format(record))
    return False

  def _exception(self, title: str, exc_type, exc_value, exc_traceback) -> None:
    self._append(title, ''.join(traceback.format_exception(exc_type, exc_value, exc_traceback)))

  def _append(self, title: str, text: str) -> None:
    entry = (f'--- {time.strftime("%Y-%m-%d %H:%M:%S")} pid {os.getpid()} thread '
             f'{threading.current_thread().name}: {title}\n{text.rstrip()}\n')
    with self._lock, contextlib.suppress(OSError):  # a full disk, say: genjax's own line tells
      if self.workdir.is_dir():
        (self.workdir / LOG).parent.mkdir(exist_ok=True)
        with open(self.workdir / LOG, 'a') as file:
          file.write(entry)
