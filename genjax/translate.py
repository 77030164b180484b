"""Translations of a CycleGAN run: `genjax translate --workdir D --out FILE.png|FILE.npz`.

Each of `num` held-out pairs (a, b) gives one row of six images: a, G(a), F(G(a)), then b, F(b),
G(F(b)), i.e. each domain's image, its translation and its round trip. The trainer writes the same
grid of the first held-out pairs at every sample step.
"""
import pathlib

import jax
import numpy as np

from genjax import viz, workdir as workdirs
from genjax.data import load_dataset
from genjax.errors import GenjaxError
from genjax.files import atomic_write, checked_output
from genjax.sampling import GRID_UPSCALE, restore_latest

COLUMNS = ('a', 'ab', 'aba', 'b', 'ba', 'bab')


def check_translator(method, workdir: str) -> None:
  if not hasattr(method, 'round_trips'):
    raise GenjaxError(f'{workdir}: a {type(method).__name__} run does not translate (train a cyclegan config)')


def translation_rows(round_trips, state, pairs: np.ndarray) -> np.ndarray:
  """[num · 6, H, W, 1]: for each pair of `pairs` [num, H, W, 2], the six images of `COLUMNS`."""
  images = {'a': pairs[..., :1], 'b': pairs[..., 1:], **jax.device_get(round_trips(state, pairs))}
  return np.stack([np.asarray(images[column]) for column in COLUMNS], axis=1).reshape(-1, *pairs.shape[1:3], 1)


def save_translation_grid(path: str | pathlib.Path, rows: np.ndarray, value_range: tuple[float, float]) -> None:
  viz.save_image_grid(path, rows, value_range, ncols=len(COLUMNS), upscale=GRID_UPSCALE.get(rows.shape[1], 1))


def translate_command(workdir: str, out: str, num: int = 8) -> None:
  """Writes the translations of the first `num` held-out pairs to `out`: a .png grid or a .npz with
  one array per column of `COLUMNS`."""
  suffix = checked_output(out, ('.png', '.npz'), num)
  method, state, spec, step = restore_latest(workdir)
  check_translator(method, workdir)
  pairs = load_dataset(workdirs.load_config(workdir).data).test_x[:num]
  rows = translation_rows(jax.jit(method.round_trips), state, pairs)
  if suffix == '.png':
    save_translation_grid(out, rows, spec.value_range)
  else:
    columns = rows.reshape(len(pairs), len(COLUMNS), *rows.shape[1:]).swapaxes(0, 1)
    with atomic_write(out) as tmp, open(tmp, 'wb') as f:
      np.savez(f, **dict(zip(COLUMNS, columns)))
  print(f'wrote the translations of {len(pairs)} held-out pairs at step {step} to {out}')
