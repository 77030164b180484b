"""Tests for genjax.core.files: atomic writes, the temporaries of killed ones, the checks of outputs."""
import errno
import json
import os
import subprocess
import sys
import time

import pytest

from genjax.core.files import STALE_AFTER_S, atomic_folder, atomic_write, check_target, write_json_atomic, writing
from genjax.errors import GenjaxError
from tests.conftest import killed_write


def test_success_replaces(tmp_path):
  path = tmp_path / 'out.txt'
  path.write_text('old')
  with atomic_write(path) as tmp:
    assert tmp.parent == tmp_path and tmp != path
    tmp.write_text('new')
    assert path.read_text() == 'old'
  assert path.read_text() == 'new'
  assert [p.name for p in tmp_path.iterdir()] == ['out.txt']


def test_exception_keeps_old_file_and_no_temporary(tmp_path):
  path = tmp_path / 'out.txt'
  path.write_text('old')
  with pytest.raises(RuntimeError, match='crash'):
    with atomic_write(path) as tmp:
      tmp.write_text('half-wri')
      raise RuntimeError('crash')
  assert path.read_text() == 'old'
  assert [p.name for p in tmp_path.iterdir()] == ['out.txt']


def test_exception_before_writing_leaves_nothing(tmp_path):
  with pytest.raises(KeyError):
    with atomic_write(tmp_path / 'out.txt'):
      raise KeyError('early')
  assert not list(tmp_path.iterdir())


def test_missing_parent_directory(tmp_path):
  with pytest.raises(FileNotFoundError):
    with atomic_write(tmp_path / 'missing' / 'out.txt'):
      pass


def test_write_json_atomic(tmp_path):
  path = tmp_path / 'metrics.json'
  write_json_atomic(path, {'b': 1, 'a': [1.5, 'x']})
  text = path.read_text()
  assert json.loads(text) == {'a': [1.5, 'x'], 'b': 1}
  assert text == '{\n  "a": [\n    1.5,\n    "x"\n  ],\n  "b": 1\n}\n'


def test_a_killed_writes_temporary_is_removed_by_the_next_write(tmp_path):
  path = tmp_path / 'out.txt'
  path.write_text('old')
  temporary = killed_write(path)
  assert temporary.read_bytes() == b'half of it' and path.read_text() == 'old'
  write_json_atomic(path, 'new')
  assert [p.name for p in tmp_path.iterdir()] == ['out.txt'] and json.loads(path.read_text()) == 'new'


_WRITING = """import sys
from genjax.core.files import atomic_write
with atomic_write(sys.argv[1]) as tmp:
  tmp.write_text('theirs')
  print('writing', flush=True)
  sys.stdin.read()
"""


def test_a_write_in_progress_keeps_its_temporary(tmp_path):
  path = tmp_path / 'out.txt'
  writer = subprocess.Popen([sys.executable, '-c', _WRITING, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
  assert writer.stdout.readline() == 'writing\n'
  write_json_atomic(path, 'ours')
  writer.communicate('')  # It finishes: its rename finds its temporary.
  assert writer.returncode == 0 and path.read_text() == 'theirs'
  assert [p.name for p in tmp_path.iterdir()] == ['out.txt']


def test_temporaries_whose_owner_cannot_be_asked_are_stale_once_untouched_for_an_hour(tmp_path):
  path = tmp_path / 'out.txt'
  other_host, unowned = tmp_path / '.out.txt.1@elsewhere.0123abcd.tmp', tmp_path / '.out.txt.0123456789ab.tmp'
  other_file = tmp_path / '.other.txt.0123456789ab.tmp'
  for temporary in (other_host, unowned, other_file):
    temporary.write_text('?')
    os.utime(temporary, (time.time() - STALE_AFTER_S + 100,) * 2)
  write_json_atomic(path, 1)
  assert other_host.exists() and unowned.exists()
  for temporary in (other_host, unowned, other_file):
    os.utime(temporary, (time.time() - STALE_AFTER_S - 100,) * 2)
  write_json_atomic(path, 2)
  assert sorted(p.name for p in tmp_path.iterdir()) == [other_file.name, 'out.txt']


def test_atomic_folder_appears_whole_or_not_at_all(tmp_path):
  path = tmp_path / 'parent' / 'set'
  with atomic_folder(path) as tmp:
    assert tmp.parent == path.parent and tmp.name.startswith('.set.') and not path.exists()
    (tmp / 'part').write_text('1')
  assert [p.name for p in path.parent.iterdir()] == ['set'] and (path / 'part').read_text() == '1'
  with pytest.raises(RuntimeError, match='crash'):
    with atomic_folder(tmp_path / 'other') as tmp:
      (tmp / 'part').write_text('half')
      raise RuntimeError('crash')
  assert sorted(p.name for p in tmp_path.iterdir()) == ['parent']


def test_atomic_folder_fills_an_empty_folder_and_clears_a_killed_ones_temporary(tmp_path):
  path = tmp_path / 'set'
  path.mkdir()
  stale = tmp_path / '.set.999999999@elsewhere.0123abcd.tmp'  # another host's, untouched for long
  (stale / 'half').mkdir(parents=True)
  os.utime(stale, (time.time() - STALE_AFTER_S - 100,) * 2)
  with atomic_folder(path) as tmp:
    (tmp / 'part').write_text('1')
  assert [p.name for p in tmp_path.iterdir()] == ['set'] and [p.name for p in path.iterdir()] == ['part']


def test_check_target_accepts_writable_paths_and_makes_nothing(tmp_path):
  assert check_target(tmp_path / 'out.png') == tmp_path / 'out.png'
  assert check_target(tmp_path / 'new' / 'folder', folder=True) == tmp_path / 'new' / 'folder'
  (tmp_path / 'old').mkdir()
  check_target(tmp_path / 'old', folder=True)
  assert sorted(p.name for p in tmp_path.rglob('*')) == ['old']


def test_check_target_refuses_the_wrong_kind_of_path(tmp_path):
  (tmp_path / 'folder.png').mkdir()
  (tmp_path / 'file').write_text('kept')
  refusals = {
      (tmp_path / 'folder.png', False): 'it is a folder, not a file',
      (tmp_path / 'file', True): 'it is a file, not a folder',
      (tmp_path / 'file' / 'out.png', False): f'{tmp_path / "file"} is a file, not a folder',
      (tmp_path / 'file' / 'a' / 'b', True): f'{tmp_path / "file"} is a file, not a folder',
      (tmp_path / 'missing' / 'out.png', False): f'its folder {tmp_path / "missing"} does not exist',
  }
  for (path, folder), reason in refusals.items():
    with pytest.raises(GenjaxError) as error:
      check_target(path, folder=folder)
    assert str(error.value) == f'cannot write {path}: {reason}'
  assert (tmp_path / 'file').read_text() == 'kept'


def test_check_target_refuses_a_folder_that_takes_no_files(tmp_path, make_immutable):
  make_immutable(tmp_path)
  for path, folder in ((tmp_path / 'out.png', False), (tmp_path / 'pictures', True)):
    with pytest.raises(GenjaxError) as error:
      check_target(path, folder=folder)
    assert str(error.value) == f'cannot write {path}: Operation not permitted'


def test_writing_names_the_path_and_the_reason(tmp_path):
  with pytest.raises(GenjaxError) as error:
    with writing(tmp_path / 'out.npz'):
      raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / '.out.npz.1@host.0123abcd.tmp'))
  assert str(error.value) == f'could not write {tmp_path / "out.npz"}: No space left on device'
  with pytest.raises(ValueError):  # Not a write's failure: as it was.
    with writing(tmp_path / 'out.npz'):
      raise ValueError('bad shape')
