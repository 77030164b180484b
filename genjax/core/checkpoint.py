"""orbax checkpoints of the train state with a JSON record (step, root key, data position, data spec).

orbax writes each checkpoint into a temporary directory and renames it when complete, so a save cut
short is never listed as the latest. Before restoring, the stored tree is compared with the one the
current config builds, so a checkpoint of another model fails with the entries that differ.
"""
import contextlib
import pathlib
from collections.abc import Iterator
from typing import Any

import jax
import orbax.checkpoint as ocp

from genjax.errors import GenjaxError


class Checkpoints:
  """Periodic and final saves under `directory`, keeping the newest `keep`."""

  def __init__(self, directory: pathlib.Path, keep: int):
    self.directory = directory
    self._manager = ocp.CheckpointManager(
        directory.absolute(), options=ocp.CheckpointManagerOptions(max_to_keep=keep, create=True),
        item_handlers={'state': ocp.StandardCheckpointHandler(), 'record': ocp.JsonCheckpointHandler()})

  def latest_step(self) -> int | None:
    return self._manager.latest_step()

  def save(self, step: int, state: Any, record: dict) -> None:
    """Starts saving (asynchronously) unless a checkpoint of `step` exists already."""
    if step in self._manager.all_steps():
      return
    with self._write_errors(f'checkpoint {step}'):
      self._manager.save(step, args=ocp.args.Composite(
          state=ocp.args.StandardSave(state), record=ocp.args.JsonSave(record)))

  @contextlib.contextmanager
  def _write_errors(self, what: str) -> Iterator[None]:
    """A failed write (disk full, no permission; raised by orbax's saving thread at the next save or
    at close) as a one-line GenjaxError; the unfinished save stays under orbax's temporary name, so
    the newest complete checkpoint remains the latest."""
    try:
      yield
    except Exception as e:  # orbax and tensorstore raise their own types for an OSError underneath.
      raise GenjaxError(f'could not write {what} in {self.directory} ({type(e).__name__}: {_ends(e)}); '
                        f'the newest complete checkpoint is step {self.newest_on_disk()}') from e

  def newest_on_disk(self) -> int | None:
    """The newest complete checkpoint step in the folder (a scan: works after `close`)."""
    steps = [int(p.name) for p in self.directory.iterdir() if p.name.isdigit()] if self.directory.is_dir() else []
    return max(steps, default=None)

  def read_record(self, step: int) -> dict:
    try:
      return self._manager.restore(step, args=ocp.args.Composite(record=ocp.args.JsonRestore())).record
    except Exception as e:
      raise GenjaxError(f'checkpoint {step} in {self.directory} is unreadable ({type(e).__name__}); '
                        'delete it to resume from an earlier one') from e

  def restore(self, step: int, abstract_state: Any) -> Any:
    """The state saved at `step`, placed as `abstract_state`'s shardings say."""
    self._check_compatible(step, abstract_state)
    try:
      restored = self._manager.restore(step, args=ocp.args.Composite(
          state=ocp.args.StandardRestore(abstract_state)))
    except Exception as e:
      raise GenjaxError(f'checkpoint {step} in {self.directory} is corrupt ({type(e).__name__}: '
                        f'{_first_line(e)[:200]}); delete it to resume from an earlier one') from e
    return restored.state

  def _check_compatible(self, step: int, abstract_state: Any) -> None:
    try:
      stored = self._manager.item_metadata(step)['state']
    except Exception as e:
      raise GenjaxError(f'checkpoint {step} in {self.directory} has no readable state metadata '
                        f'({type(e).__name__}); delete it to resume from an earlier one') from e
    stored = _shapes(getattr(stored, 'tree', stored))
    wanted = _shapes(abstract_state)
    problems = [f'{path}: checkpoint {stored.get(path, "missing")} vs config {wanted.get(path, "missing")}'
                for path in sorted(stored.keys() | wanted.keys(), key=_params_first)
                if stored.get(path) != wanted.get(path)]
    if problems:
      more = f' (+{len(problems) - 3} more)' if len(problems) > 3 else ''
      raise GenjaxError(f'checkpoint {step} in {self.directory} does not fit this config: '
                        f'{"; ".join(problems[:3])}{more}')

  def close(self) -> None:
    """Waits for a save in flight, then releases orbax's threads."""
    try:
      with self._write_errors('the last checkpoint'):
        self._manager.wait_until_finished()
    finally:
      self._manager.close()


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
