"""Image grids: a batch of images tiled into one picture, and saved as PNG."""
import math
import os

import numpy as np
from PIL import Image

from genjax.core.files import atomic_write

# Padding and empty cells are white, so that white-on-black digits keep visible borders.
_PAD_VALUE = 255


def image_grid(
    images: np.ndarray,
    value_range: tuple[float, float],
    ncols: int | None = None,
    padding: int = 1,
) -> np.ndarray:
  """Tiles images row by row into one uint8 picture.

  Values are clipped into `value_range` and mapped linearly to 0..255. Cells are separated, and
  the picture bordered, by `padding` white pixels; cells after the last image stay white. The
  output keeps the channel axis, also for C = 1: H' = rows * H + (rows + 1) * padding, likewise W'.

  Args:
    images: [N, H, W, C], N >= 1.
    value_range: (low, high): low maps to 0, high to 255.
    ncols: images per row (at most N are used); default ceil(sqrt(N)).
    padding: pixels between cells and around the border.

  Returns:
    uint8 [H', W', C].

  Raises:
    ValueError: for a malformed shape, range, `ncols` or `padding`.
  """
  images = np.asarray(images, np.float32)
  if images.ndim != 4 or images.shape[0] == 0:
    raise ValueError(f'Expected images [N, H, W, C] with N >= 1, got shape {images.shape}.')
  low, high = value_range
  if not high > low:
    raise ValueError(f'Expected value_range (low, high) with low < high, got {value_range}.')
  n, h, w, c = images.shape
  if ncols is None:
    ncols = math.ceil(math.sqrt(n))
  if ncols < 1 or padding < 0:
    raise ValueError(f'Expected ncols >= 1 and padding >= 0, got {ncols} and {padding}.')
  ncols = min(ncols, n)
  nrows = math.ceil(n / ncols)
  scaled = (np.clip(images, low, high) - low) / (high - low) * 255.0
  pixels = np.rint(scaled).astype(np.uint8)
  grid = np.full(
      (nrows * h + (nrows + 1) * padding, ncols * w + (ncols + 1) * padding, c),
      _PAD_VALUE,
      np.uint8,
  )
  for i, image in enumerate(pixels):
    top = padding + (i // ncols) * (h + padding)
    left = padding + (i % ncols) * (w + padding)
    grid[top : top + h, left : left + w] = image
  return grid


def save_image_grid(
    path: str | os.PathLike[str],
    images: np.ndarray,
    value_range: tuple[float, float],
    ncols: int | None = None,
    upscale: int = 1,
) -> None:
  """Writes `image_grid(images, value_range, ncols)` as a PNG, atomically.

  Args:
    path: the PNG to write; its directory must exist.
    images: [N, H, W, C] with C in {1, 3, 4} (grayscale, RGB, RGBA), or C = 2: two one-channel
      domains (CoGAN's pairs), shown side by side.
    value_range: (low, high) of the image values.
    ncols: images per row; default ceil(sqrt(N)).
    upscale: each pixel becomes upscale x upscale pixels (nearest neighbour), so that 8x8
      digits are visible.

  Raises:
    ValueError: for `upscale` < 1, or what `image_grid` rejects.
  """
  if upscale < 1:
    raise ValueError(f'Expected upscale >= 1, got {upscale}.')
  if images.ndim == 4 and images.shape[-1] == 2:
    images = np.concatenate([images[..., :1], images[..., 1:]], axis=2)
  grid = image_grid(images, value_range, ncols)
  grid = grid.repeat(upscale, axis=0).repeat(upscale, axis=1)
  picture = Image.fromarray(grid[..., 0] if grid.shape[-1] == 1 else grid)
  with atomic_write(path) as tmp:
    picture.save(tmp, format='PNG')
