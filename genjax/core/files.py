"""Atomic file writes: a reader, or a crash, never sees a half-written file. And the checks and
messages of the commands that write: a path that cannot be written is refused before any work, a
write that fails late is one GenjaxError naming the path."""
import contextlib
import json
import os
import pathlib
import re
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from typing import Any

import numpy as np

from genjax.errors import GenjaxError

# A temporary's owner, in the part of its name between '.{target}.' and '.tmp': 'PID@HOST.RANDOM'.
_OWNER = re.compile(r'(?P<pid>\d+)@(?P<host>[^.@]*)\.[0-9a-f]+')
# A temporary whose owner cannot be asked (another host's; one of a genjax that did not name owners)
# belongs to a killed write once it is untouched this long: a live write keeps writing to it.
STALE_AFTER_S = 3600.0


def _host() -> str:
  return socket.gethostname().split('.')[0]


def _is_running(pid: int) -> bool:
  try:
    os.kill(pid, 0)
  except ProcessLookupError:
    return False
  except PermissionError:  # Another user's process.
    pass
  return True


def _is_stale(temporary: pathlib.Path, owner: re.Match | None) -> bool:
  if owner and owner['host'] == _host() and not _is_running(int(owner['pid'])):
    return True
  return time.time() - temporary.stat().st_mtime > STALE_AFTER_S


def remove_stale_temporaries(path: str | os.PathLike[str]) -> None:
  """Removes the temporaries (files or folders) that killed writes of `path` left beside it (`.NAME.*.tmp`).

  A temporary is stale when its owner (`atomic_write` names it) is a process of this host that no
  longer runs, or when it is untouched for `STALE_AFTER_S`: the only test for one whose owner cannot
  be asked (another host's, or unnamed). A write in progress, here or on another host sharing the
  folder, keeps its temporary. Best effort: what cannot be removed is left to the write, which
  reports real trouble.
  """
  path = pathlib.Path(path)
  prefix = f'.{path.name}.'
  with contextlib.suppress(OSError):
    for temporary in path.parent.iterdir():
      if temporary.name.startswith(prefix) and temporary.name.endswith('.tmp'):
        with contextlib.suppress(OSError):
          if not _is_stale(temporary, _OWNER.fullmatch(temporary.name[len(prefix):-len('.tmp')])):
            continue
          if temporary.is_dir():
            shutil.rmtree(temporary)
          else:
            temporary.unlink()


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[pathlib.Path]:
  """Yields a temporary path beside `path`; on success it replaces `path` in one rename.

  The temporary lies in the same directory, so `os.replace` is atomic; it is flushed to disk
  before the rename. If the block raises, the temporary is removed, `path` is left as it was and
  the exception propagates. The block must create the temporary (it is not created for it). The
  temporary is named `.NAME.PID@HOST.RANDOM.tmp`; those of killed writes of `path` are removed
  first (`remove_stale_temporaries`).

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
  tmp = _temporary(path)
  try:
    yield tmp
    with open(tmp, 'rb') as f:
      os.fsync(f.fileno())
    os.replace(tmp, path)
  except BaseException:
    tmp.unlink(missing_ok=True)
    raise


def _temporary(path: pathlib.Path) -> pathlib.Path:
  """A new temporary's name beside `path`, `.NAME.PID@HOST.RANDOM.tmp`, once the stale ones are gone."""
  remove_stale_temporaries(path)
  return path.with_name(f'.{path.name}.{os.getpid()}@{_host()}.{uuid.uuid4().hex[:8]}.tmp')


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike[str]) -> Iterator[pathlib.Path]:
  """Yields a new, empty temporary folder beside `path`; on success it becomes `path` in one rename,
  so a reader, or a crash, never sees a half-filled `path`. `path` must be missing or an empty folder
  (missing parents are made). If the block raises, the temporary folder is removed and `path` left as
  it was. Temporaries are named as `atomic_write`'s, and those of killed writes removed the same way.
  """
  path = pathlib.Path(path)
  path.parent.mkdir(parents=True, exist_ok=True)
  tmp = _temporary(path)
  tmp.mkdir()
  try:
    yield tmp
    os.replace(tmp, path)
  except BaseException:
    shutil.rmtree(tmp, ignore_errors=True)
    raise


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
  """Writes `obj` as JSON (indent 2, sorted keys, trailing newline) with `atomic_write`."""
  with atomic_write(path) as tmp:
    tmp.write_text(json.dumps(obj, indent=2, sort_keys=True) + '\n')


def write_npz_atomic(path: str | os.PathLike[str], arrays: dict[str, np.ndarray]) -> None:
  """Writes `arrays` as an uncompressed .npz with `atomic_write`."""
  with atomic_write(path) as tmp, open(tmp, 'wb') as f:
    np.savez(f, **arrays)


def check_target(path: str | os.PathLike[str], folder: bool = False) -> pathlib.Path:
  """`path`, checked before any work to be writable: as a file (not a folder, in a folder that
  exists) or, with `folder`, as a folder (not a file; if missing, made later under the nearest folder
  that exists). The folder it goes in must take a new file: a probe file proves it, where permission
  bits and `os.access` would not (root writes past chmod; ACLs, network file systems).

  Raises:
    GenjaxError: 'cannot write PATH: REASON', e.g. 'it is a folder, not a file', or the system's
      'Read-only file system'.
  """
  path = pathlib.Path(path)
  wanted, other = ('folder', 'file') if folder else ('file', 'folder')
  if path.exists() and path.is_dir() != folder:
    raise GenjaxError(f'cannot write {path}: it is a {other}, not a {wanted}')
  home = (path if folder else path.parent).absolute()
  existing = next(p for p in (home, *home.parents) if p.exists())
  if not existing.is_dir():
    raise GenjaxError(f'cannot write {path}: {existing} is a file, not a folder')
  if not folder and existing != home:
    raise GenjaxError(f'cannot write {path}: its folder {home} does not exist')
  try:
    with tempfile.TemporaryFile(dir=existing):  # Unnamed where the system allows: a kill leaves nothing.
      pass
  except OSError as e:
    raise GenjaxError(f'cannot write {path}: {e.strerror or e}') from e
  return path


@contextlib.contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
  """The block writes `path`: an OSError in it (a full disk, a read-only file system) is raised as
  the GenjaxError 'could not write PATH: REASON'."""
  try:
    yield
  except OSError as e:
    raise GenjaxError(f'could not write {path}: {e.strerror or e}') from e


def checked_output(out: str, suffixes: tuple[str, ...], num: int) -> str:
  """The suffix of a command's --out, checked before any work: one of `suffixes`, a file that can
  be written (`check_target`); and --num `num` at least 1."""
  suffix = pathlib.Path(out).suffix
  if suffix not in suffixes:
    raise GenjaxError(f"--out must end in {' or '.join(suffixes)}, got {out}")
  if num < 1:
    raise GenjaxError(f'--num must be at least 1, got {num}')
  check_target(out)
  return suffix
