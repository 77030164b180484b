"""Translations of a CycleGAN run: `genjax translate --workdir D --out FILE.png|FILE.npz`.

Each of `num` held-out pairs (a, b) gives one row of six images (`viz.translations.COLUMNS`). The
trainer writes the same grid of the first held-out pairs at every sample step.
"""
import numpy as np

from genjax.core.files import checked_output, write_npz_atomic, writing
from genjax.errors import GenjaxError
from genjax.methods.base import Translator
from genjax.runs.run import Run, load
from genjax.viz.translations import COLUMNS, save_translation_grid, translation_rows


def check_translator(method, workdir: str) -> None:
  if not isinstance(method, Translator):
    raise GenjaxError(f'{workdir}: its {type(method).__name__} run does not translate (train a cyclegan config)')


def translate(run: Run, num: int = 8, out: str | None = None) -> dict[str, np.ndarray]:
  """The translations of the first `num` held-out pairs, {column of `COLUMNS`: images [num, ...]};
  written to `out` (a .png grid, or a .npz with one array per column) where given."""
  suffix = checked_output(out, ('.png', '.npz'), num) if out else None
  check_translator(run.method, run.workdir)
  pairs = run.dataset.test_x[:num]
  rows = translation_rows(run.jitted('round_trips'), run.state, pairs)
  columns = dict(zip(COLUMNS, rows.reshape(len(pairs), len(COLUMNS), *rows.shape[1:]).swapaxes(0, 1)))
  if out:
    with writing(out):
      if suffix == '.png':
        save_translation_grid(out, rows, run.spec.value_range)
      else:
        write_npz_atomic(out, columns)
  return columns


def translate_command(workdir: str, out: str, num: int = 8) -> None:
  """Writes the translations of the first `num` held-out pairs to `out` (`translate`)."""
  checked_output(out, ('.png', '.npz'), num)
  run = load(workdir)
  columns = translate(run, num, out)
  print(f'wrote the translations of {len(columns[COLUMNS[0]])} held-out pairs at step {run.step} to {out}')
