"""Translations of a CycleGAN run: `genjax translate --workdir D --out FILE.png|FILE.npz`.

Each of `num` held-out pairs (a, b) gives one row of six images (`viz.translations.COLUMNS`). The
trainer writes the same grid of the first held-out pairs at every sample step.
"""
import jax

from genjax.core.files import checked_output, write_npz_atomic, writing
from genjax.data.run_data import open_run_data
from genjax.errors import GenjaxError
from genjax.methods.base import Translator
from genjax.runs.directory import load_run_config
from genjax.runs.latest import load_latest
from genjax.viz.translations import COLUMNS, save_translation_grid, translation_rows


def check_translator(method, workdir: str) -> None:
  if not isinstance(method, Translator):
    raise GenjaxError(f'{workdir}: its {type(method).__name__} run does not translate (train a cyclegan config)')


def translate_command(workdir: str, out: str, num: int = 8) -> None:
  """Writes the translations of the first `num` held-out pairs to `out`: a .png grid or a .npz with
  one array per column of `COLUMNS`."""
  suffix = checked_output(out, ('.png', '.npz'), num)
  method, state, spec, step = load_latest(workdir)
  check_translator(method, workdir)
  pairs = open_run_data(load_run_config(workdir).data).test_x[:num]
  rows = translation_rows(jax.jit(method.round_trips), state, pairs)
  with writing(out):
    if suffix == '.png':
      save_translation_grid(out, rows, spec.value_range)
    else:
      columns = rows.reshape(len(pairs), len(COLUMNS), *rows.shape[1:]).swapaxes(0, 1)
      write_npz_atomic(out, dict(zip(COLUMNS, columns)))
  print(f'wrote the translations of {len(pairs)} held-out pairs at step {step} to {out}')
