"""The picture of a translator's work: a row per pair (a, b) of six images, a, G(a), F(G(a)),
then b, F(b), G(F(b)): each domain's image, its translation and its round trip."""
import pathlib

import jax
import numpy as np

from genjax.viz.grid import save_image_grid
from genjax.viz.samples import GRID_UPSCALE

COLUMNS = ('a', 'ab', 'aba', 'b', 'ba', 'bab')


def translation_rows(round_trips, state, pairs: np.ndarray) -> np.ndarray:
  """[num · 6, H, W, 1]: for each pair of `pairs` [num, H, W, 2], the six images of `COLUMNS`."""
  images = {'a': pairs[..., :1], 'b': pairs[..., 1:], **jax.device_get(round_trips(state, pairs))}
  return np.stack([np.asarray(images[column]) for column in COLUMNS], axis=1).reshape(-1, *pairs.shape[1:3], 1)


def save_translation_grid(path: str | pathlib.Path, rows: np.ndarray, value_range: tuple[float, float]) -> None:
  save_image_grid(path, rows, value_range, ncols=len(COLUMNS), upscale=GRID_UPSCALE.get(rows.shape[1], 1))
