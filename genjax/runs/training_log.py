"""Metrics to DIR/metrics.jsonl (one JSON object per logged step) and to TensorBoard event files."""
import json
import math
import pathlib
import sys

import numpy as np

from genjax.core.files import atomic_write
from genjax.core.json_shape import mismatch
from genjax.errors import GenjaxError


class TrainingLog:
  """Appends logged steps; on resume first drops entries past the restored step.

  Only an `active` log writes: in a run of many processes, the main one's.
  """

  def __init__(self, workdir: pathlib.Path, start_step: int, active: bool = True):
    self.path, self.active = workdir / 'metrics.jsonl', active
    if not active:
      return
    self._keep_until(start_step)
    self._file = self.path.open('a')
    self._writer = _tensorboardx().SummaryWriter(
        str(workdir / 'tensorboard'), purge_step=start_step if start_step else None)

  def _keep_until(self, step: int) -> None:
    """Keeps the lines with step <= `step` (`logged_lines` says which lines are refused)."""
    if not self.path.exists():
      return
    kept = [line for line, entry in logged_lines(self.path) if entry['step'] <= step]
    with atomic_write(self.path) as tmp:
      tmp.write_text(''.join(line + '\n' for line in kept))

  def write(self, step: int, metrics: dict[str, float], seed: int | None = None) -> None:
    """One line {"step": step, NAME: value, ...}; a sweep's lines also name their "seed" (and its
    TensorBoard scalars are NAME/seed_SEED)."""
    if not self.active:
      return
    tagged = {} if seed is None else {'seed': seed}
    record = {'step': step, **tagged, **{k: _json_float(v) for k, v in metrics.items()}}
    self._file.write(json.dumps(record) + '\n')
    self._file.flush()
    for name, value in metrics.items():
      self._writer.add_scalar(name if seed is None else f'{name}/seed_{seed}', value, step)

  def write_image(self, tag: str, step: int, image: np.ndarray) -> None:
    if self.active:
      self._writer.add_image(tag, image, step, dataformats='HWC')

  def close(self) -> None:
    if self.active:
      self._file.close()
      self._writer.close()


def logged_lines(path: pathlib.Path) -> list[tuple[str, dict]]:
  """(line, entry) of each logged step in the metrics log at `path`. A last line a crash cut short
  (no JSON, no newline) is dropped; any other line that is not a JSON object with an integer "step"
  is refused with a one-line GenjaxError."""
  try:
    lines = path.read_text().splitlines(keepends=True)
  except (OSError, ValueError) as e:  # ValueError: not UTF-8
    raise GenjaxError(f'{path} is unreadable ({e}); move it away to resume') from e
  logged = []
  for number, line in enumerate(lines, 1):
    try:
      entry = json.loads(line)
    except ValueError as e:
      if line.endswith('\n'):
        raise GenjaxError(f'{path} line {number} is not JSON ({e}); fix or delete that line') from e
      continue
    problem = mismatch(entry, {'step': 0}, complete=True)
    if problem:
      raise GenjaxError(f'{path} line {number}: {problem}; fix or delete that line')
    logged.append((line.rstrip('\r\n'), entry))
  return logged


def _json_float(value: float) -> float | str:
  """JSON has no NaN or infinity: those are written as strings."""
  value = float(value)
  return value if math.isfinite(value) else str(value)


def _tensorboardx():
  """tensorboardX, imported without torch unless torch is already loaded: tensorboardX imports an
  installed torch (2 s and 300 MB a process here) only to accept torch tensors, which genjax never
  passes it."""
  if 'torch' in sys.modules:
    import tensorboardX  # pylint: disable=import-outside-toplevel
    return tensorboardX
  sys.modules['torch'] = None  # `import torch` raises ImportError while this stands.
  try:
    import tensorboardX  # pylint: disable=import-outside-toplevel
  finally:
    del sys.modules['torch']
  return tensorboardX
