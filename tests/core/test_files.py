"""Tests for genjax.core.files."""
import json

import pytest

from genjax.core.files import atomic_write, write_json_atomic


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
