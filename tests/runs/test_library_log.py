"""Library threads' reports go to DIR/logs/libraries.log, not the terminal, while a command runs."""
import logging
import sys
import threading
import warnings

import pytest

from genjax.runs.library_log import LOG, libraries_logged


class _RaisesWhenDropped:
  def __del__(self):
    raise RuntimeError('Event loop is closed')


def in_a_thread(target) -> None:
  thread = threading.Thread(target=target, name='tensorstore-like')
  thread.start()
  thread.join()


def test_thread_reports_go_to_the_run_log_and_the_hooks_come_back(tmp_path, capsys):
  hooks = threading.excepthook, sys.unraisablehook
  with libraries_logged(str(tmp_path)):
    in_a_thread(lambda: 1 / 0)
    in_a_thread(_RaisesWhenDropped)  # dropped at once: an exception nobody can raise
    in_a_thread(lambda: logging.getLogger('asyncio').error('Task exception was never retrieved'))
  assert (threading.excepthook, sys.unraisablehook) == hooks
  assert capsys.readouterr().err == ''
  log = (tmp_path / LOG).read_text()
  assert log.count('thread tensorstore-like') == 3, log
  assert 'ZeroDivisionError' in log and 'RuntimeError: Event loop is closed' in log
  assert 'Task exception was never retrieved' in log


def test_an_abandoned_coroutines_warning_goes_to_the_run_log_and_others_where_they_went(tmp_path):
  async def write_fragment():
    pass

  show = warnings.showwarning
  with pytest.warns(UserWarning) as shown, libraries_logged(str(tmp_path)):
    write_fragment()  # Dropped unawaited, as a failed save's coroutines are at exit.
    warnings.warn('a user warning', UserWarning)
  assert warnings.showwarning is show
  assert [str(w.message) for w in shown] == ['a user warning']
  assert '.write_fragment\' was never awaited' in (tmp_path / LOG).read_text()


def test_a_missing_workdir_gets_no_log_folder(tmp_path):
  with libraries_logged(str(tmp_path / 'typo')):
    in_a_thread(lambda: 1 / 0)
  assert not (tmp_path / 'typo').exists()
