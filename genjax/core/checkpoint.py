"""orbax checkpoints of the train state with a JSON record (step, root key, data position, data spec).

orbax writes each checkpoint into a temporary directory and renames it when complete, so a folder
named by its step is a finished checkpoint and a save cut short is never the latest. Readers
(`reading`: `genjax sample`, `eval`, ... while a run trains) hold a shared flock on
`checkpoints/.readers.lock`; the trainer deletes its old checkpoints itself (orbax keeps all), and
only when it gets that lock exclusively at once, else at its next save: a checkpoint never vanishes
under a reader (tensorstore may read a chunk deleted mid-read as zeros, not as an error) and
training never waits for one. Before restoring, the stored tree is compared with the one the
current config builds, so a checkpoint of another model fails with the entries that differ.
"""
import contextlib
import fcntl
import os
import pathlib
import shutil
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import jax
import orbax.checkpoint as ocp

from genjax.core import distributed
from genjax.core.json_shape import mismatch
from genjax.errors import GenjaxError

T = TypeVar('T')
READERS_LOCK = '.readers.lock'
# The record's entries, each an example of its JSON type (written by `Trainer._record`; a sweep adds 'seeds').
RECORD = {'step': 0, 'method': '', 'seed': 0, 'root_key': [], 'batch_size': 0,
          'data_position': {'epoch': 0, 'index': 0},
          'data_spec': {'kind': '', 'shape': [0], 'value_range': [0.0], 'num_classes': 0, 'levels': 0}}


@contextlib.contextmanager
def reading(directory: pathlib.Path) -> Iterator['Checkpoints']:
  """The checkpoints in `directory` to read; none of them is deleted until the block ends. A folder
  whose lock file can be neither opened nor created has no trainer in it (a trainer creates it first)."""
  with _flock(directory / READERS_LOCK, fcntl.LOCK_SH):
    checkpoints = Checkpoints(directory)
    try:
      yield checkpoints
    finally:
      checkpoints.close()


class Checkpoints:
  """A trainer's checkpoints under `directory` (saved asynchronously, the newest `keep` kept), or,
  without `keep`, a reader's (see `reading`)."""

  def __init__(self, directory: pathlib.Path, keep: int | None = None):
    self.directory, self.keep = directory, keep
    self._saving: int | None = None  # the step whose asynchronous save may still be running
    self._manager = ocp.CheckpointManager(
        directory.absolute(), options=ocp.CheckpointManagerOptions(create=keep is not None),
        item_handlers={'state': ocp.StandardCheckpointHandler(), 'record': ocp.JsonCheckpointHandler()})
    if keep is not None and distributed.is_main_process():
      (directory / READERS_LOCK).touch()

  def steps(self) -> list[int]:
    """The finished checkpoints' steps, oldest first (a scan of the folder: works after `close`)."""
    names = [p.name for p in self.directory.iterdir()] if self.directory.is_dir() else []
    return sorted(int(name) for name in names if name.isdigit())

  def latest_step(self) -> int | None:
    return max(self.steps(), default=None)

  def newest_complete(self) -> str:
    """What a failed write leaves, for its error line."""
    latest = self.latest_step()
    return 'no checkpoint is complete' if latest is None else f'the newest complete checkpoint is step {latest}'

  def save(self, step: int, state: Any, record: dict) -> None:
    """Starts saving (asynchronously) unless a checkpoint of `step` exists already."""
    if step in self._manager.all_steps():
      return
    self._finish_save()
    with self._write_errors(step):
      self._manager.save(step, args=ocp.args.Composite(
          state=ocp.args.StandardSave(state), record=ocp.args.JsonSave(record)))
    self._saving = step

  def _finish_save(self) -> None:
    """Waits for the save in flight (a failed one raises here, named by its own step), then deletes
    the checkpoints older than the newest `keep` unless a reader holds them."""
    step, self._saving = self._saving, None
    if step is None:
      return
    with self._write_errors(step):
      self._manager.wait_until_finished()
    old = self.steps()[:-self.keep]
    if old and distributed.is_main_process():
      with _flock(self.directory / READERS_LOCK, fcntl.LOCK_EX | fcntl.LOCK_NB) as held:
        for old_step in old if held else ():
          shutil.rmtree(self._step_path(old_step))

  @contextlib.contextmanager
  def _write_errors(self, step: int) -> Iterator[None]:
    """A failed write of checkpoint `step` (disk full, no permission) as a one-line GenjaxError; the
    unfinished save stays under orbax's temporary name: the newest complete checkpoint stays the latest."""
    try:
      yield
    except Exception as e:  # orbax and tensorstore raise their own types for an OSError underneath.
      raise GenjaxError(f'could not write checkpoint {step} in {self.directory} ({type(e).__name__}: '
                        f'{_ends(e)}); {self.newest_complete()}') from e

  def read_record(self, step: int) -> dict:
    record = self._read(step, 'has an unreadable record', lambda: self._manager.restore(
        step, args=ocp.args.Composite(record=ocp.args.JsonRestore())).record)
    problem = mismatch(record, RECORD, complete=True)
    if problem:
      raise self._damaged(step, f'has a malformed record ({problem})')
    return record

  def restore(self, step: int, abstract_state: Any) -> Any:
    """The state saved at `step`, placed as `abstract_state`'s shardings say."""
    self._check_compatible(step, abstract_state)
    return self._read(step, 'is corrupt', lambda: self._manager.restore(step, args=ocp.args.Composite(
        state=ocp.args.StandardRestore(abstract_state))).state)

  def _check_compatible(self, step: int, abstract_state: Any) -> None:
    stored = self._read(step, 'has no readable state metadata',
                        lambda: self._manager.item_metadata(step)['state'])
    stored = _shapes(getattr(stored, 'tree', stored))
    wanted = _shapes(abstract_state)
    problems = [f'{path}: checkpoint {stored.get(path, "missing")} vs config {wanted.get(path, "missing")}'
                for path in sorted(stored.keys() | wanted.keys(), key=_params_first)
                if stored.get(path) != wanted.get(path)]
    if problems:
      more = f' (+{len(problems) - 3} more)' if len(problems) > 3 else ''
      raise GenjaxError(f'checkpoint {step} in {self.directory} does not fit this config: '
                        f'{"; ".join(problems[:3])}{more}')

  def _read(self, step: int, failure: str, read: Callable[[], T]) -> T:
    """`read()` of checkpoint `step`, tried a second time before its failure is called damage; a
    folder that is gone was removed by another process, not damaged."""
    try:
      return read()
    except Exception:  # orbax and tensorstore raise their own types; the second try tells.
      pass
    try:
      return read()
    except Exception as e:
      if not self._step_path(step).is_dir():
        raise GenjaxError(f'checkpoint {step} in {self.directory} was removed by another process while '
                          'it was read; run the command again') from e
      raise self._damaged(step, f'{failure} ({type(e).__name__}: {_first_line(e)[:200]})') from e

  def _damaged(self, step: int, problem: str) -> GenjaxError:
    return GenjaxError(f'checkpoint {step} {problem}; delete {self._step_path(step).absolute()} to use an '
                       'earlier one')

  def _step_path(self, step: int) -> pathlib.Path:
    return self.directory / str(step)

  def close(self) -> None:
    """Waits for a save in flight, then releases orbax's threads."""
    try:
      self._finish_save()
    finally:
      self._manager.close()


@contextlib.contextmanager
def _flock(path: pathlib.Path, operation: int) -> Iterator[bool]:
  """Holds flock `operation` on `path` (created if missing) through the block and yields True; yields
  False, holding nothing, if the file can be neither opened nor created, or LOCK_NB finds it taken."""
  try:
    descriptor = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
  except OSError:
    descriptor = None
  try:
    yield descriptor is not None and _locked(descriptor, operation)
  finally:
    if descriptor is not None:
      os.close(descriptor)  # which releases the lock


def _locked(descriptor: int, operation: int) -> bool:
  try:
    fcntl.flock(descriptor, operation)
  except BlockingIOError:
    return False
  return True


def _shapes(tree: Any) -> dict[str, tuple]:
  leaves = jax.tree_util.tree_flatten_with_path(tree)[0]
  return {_path_name(path): (tuple(leaf.shape), str(leaf.dtype)) for path, leaf in leaves}


def _params_first(path: str) -> tuple[bool, str]:
  """Parameters are what a user changed; their optimizer-state twins would only repeat them."""
  return ('/params/' not in f'/{path}/', path)


def _path_name(path) -> str:
  parts = []
  for key in path:
    for attribute in ('key', 'name', 'idx'):
      if hasattr(key, attribute):
        parts.append(str(getattr(key, attribute)))
        break
  return '/'.join(parts)


def _ends(error: Exception) -> str:
  """The first line of `error`, its start and end when long (where tensorstore puts the OS's reason)."""
  line = _first_line(error)
  return line if len(line) <= 240 else f'{line[:100]} ... {line[-120:]}'


def _first_line(error: Exception) -> str:
  return (str(error).strip().splitlines() or [''])[0]
