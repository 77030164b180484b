"""The picture of a batch of samples, by the data's kind: an image grid, a row of frames per
sequence, or a scatter of 2-D points over the real ones."""
import pathlib

import numpy as np
from PIL import Image

from genjax.data.spec import DataSpec
from genjax.viz.grid import save_image_grid
from genjax.viz.points import save_points_plot

GRID_UPSCALE = {8: 4, 16: 2}   # small images are enlarged in grids so they can be seen


def save_sample_picture(path: pathlib.Path, samples: np.ndarray, spec: DataSpec,
                        real: np.ndarray | None = None) -> np.ndarray:
  """An image grid (sequences: one per row), or for points a scatter over (up to 2,500) real points;
  returns the pixels."""
  if spec.kind == 'image':
    save_image_grid(path, samples, spec.value_range, upscale=GRID_UPSCALE.get(spec.shape[0], 1))
  elif spec.kind == 'sequence':
    frames, height = spec.shape[:2]
    save_image_grid(path, samples.reshape(-1, *spec.shape[1:]), spec.value_range, ncols=frames,
                    upscale=GRID_UPSCALE.get(height, 1))
  else:
    save_points_plot(path, samples[:, :2], real=None if real is None else real[:2500, :2])
  return np.asarray(Image.open(path).convert('RGB'))
