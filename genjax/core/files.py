"""Atomic file writes: a reader, or a crash, never sees a half-written file."""
import contextlib
import json
import os
import pathlib
import uuid
from collections.abc import Iterator
from typing import Any

from genjax.errors import GenjaxError


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[pathlib.Path]:
  """Yields a temporary path beside `path`; on success it replaces `path` in one rename.

  The temporary lies in the same directory, so `os.replace` is atomic; it is flushed to disk
  before the rename. If the block raises, the temporary is removed, `path` is left as it was and
  the exception propagates. The block must create the temporary (it is not created for it).

  Args:
    path: the file to write; its parent directory must exist.

  Yields:
    The temporary path to write to.

  Raises:
    FileNotFoundError: the parent directory does not exist, or the block wrote nothing.
  """
  path = pathlib.Path(path)
  if not path.parent.is_dir():
    raise FileNotFoundError(f'No directory {str(path.parent)!r} to write {path.name!r} into.')
  tmp = path.with_name(f'.{path.name}.{uuid.uuid4().hex[:12]}.tmp')
  try:
    yield tmp
    with open(tmp, 'rb') as f:
      os.fsync(f.fileno())
    os.replace(tmp, path)
  except BaseException:
    tmp.unlink(missing_ok=True)
    raise


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
  """Writes `obj` as JSON (indent 2, sorted keys, trailing newline) with `atomic_write`."""
  with atomic_write(path) as tmp:
    tmp.write_text(json.dumps(obj, indent=2, sort_keys=True) + '\n')


def checked_output(out: str, suffixes: tuple[str, ...], num: int) -> str:
  """The suffix of a command's --out, checked before any work: one of `suffixes`, in a folder that
  exists; and --num `num` at least 1."""
  suffix = pathlib.Path(out).suffix
  if suffix not in suffixes:
    raise GenjaxError(f"--out must end in {' or '.join(suffixes)}, got {out}")
  if num < 1:
    raise GenjaxError(f'--num must be at least 1, got {num}')
  if not pathlib.Path(out).absolute().parent.is_dir():
    raise GenjaxError(f'the folder of --out {out} does not exist')
  return suffix
