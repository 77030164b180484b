"""Per-example image geometry: a centred square crop, a resize, a zero-pad, each a function of one raw
image [H, W, C]. The in-memory loader, `genjax prepare` and the streaming pipeline (inside Grain's
`.map`) apply the same `Geometry`, so every path yields the same pixels."""
import dataclasses

import ml_collections
import numpy as np
from PIL import Image

from genjax.errors import GenjaxError


def _check_crop(height: int, width: int, side: int) -> None:
  if min(height, width) < side:
    raise GenjaxError(f'data.center_crop {side} is larger than a {height}x{width} image')


def _check_pad(height: int, width: int, side: int) -> None:
  if height > side or width > side:
    raise GenjaxError(f'data.pad_to {side} is smaller than the {height}x{width} images')


def center_crop(image: np.ndarray, side: int) -> np.ndarray:
  """The centred side x side square of `image` [H, W, C]; an odd margin puts the extra row/column last."""
  height, width = image.shape[:2]
  _check_crop(height, width, side)
  top, left = (height - side) // 2, (width - side) // 2
  return image[top:top + side, left:left + side]


def resize(image: np.ndarray, side: int) -> np.ndarray:
  """`image` [H, W, C] resized to side x side with PIL's bilinear filter (antialiased when shrinking),
  channel by channel in float32. Integer pixels are rounded back, so they keep their quantization
  levels; float pixels stay in [0, 1]."""
  if image.shape[:2] == (side, side):
    return image
  out = np.empty((side, side, image.shape[2]), np.float32)
  for c, channel in enumerate(np.moveaxis(image.astype(np.float32), -1, 0)):
    out[..., c] = np.asarray(Image.fromarray(channel).resize((side, side), Image.Resampling.BILINEAR))
  if np.issubdtype(image.dtype, np.integer):
    return np.rint(out).astype(image.dtype)
  return np.clip(out, 0.0, 1.0)


def pad(image: np.ndarray, side: int) -> np.ndarray:
  """`image` [H, W, C] zero-padded to side x side, centred; an odd margin puts the extra row/column last."""
  height, width = image.shape[:2]
  _check_pad(height, width, side)
  top, left = (side - height) // 2, (side - width) // 2
  return np.pad(image, ((top, side - height - top), (left, side - width - left), (0, 0)))


@dataclasses.dataclass(frozen=True)
class Geometry:
  """Crop to `center_crop`, then resize to `resize`, then pad to `pad_to` (each side x side; 0: skip).

  Calling it maps one example (a dict with 'image') as Grain's `MapDataset.map` does; it pickles, so
  Grain's worker processes can run it.
  """
  center_crop: int = 0
  resize: int = 0
  pad_to: int = 0

  @classmethod
  def of(cls, data_cfg: ml_collections.ConfigDict) -> 'Geometry':
    return cls(data_cfg.center_crop, data_cfg.resize, data_cfg.pad_to)

  def output_shape(self, shape: tuple[int | None, ...], what: str) -> tuple[int, int, int]:
    """The shape every image of `shape` (H, W, C; None where sizes vary) has after this geometry.

    Raises:
      GenjaxError: sizes vary and no step makes them one; or the known size is smaller than the crop
        or larger than the pad.
    """
    height, width, channels = shape
    if self.center_crop:
      if height is not None and width is not None:
        _check_crop(height, width, self.center_crop)
      height = width = self.center_crop
    if self.resize:
      height = width = self.resize
    if self.pad_to:
      if height is not None and width is not None:
        _check_pad(height, width, self.pad_to)
      height = width = self.pad_to
    if height is None or width is None:
      raise GenjaxError(f'{what}: images of varying size; set data.center_crop or data.resize to make them one size')
    return height, width, channels

  def image(self, image: np.ndarray) -> np.ndarray:
    """One image [H, W, C] cropped, resized and padded, in its own dtype."""
    if self.center_crop:
      image = center_crop(image, self.center_crop)
    if self.resize:
      image = resize(image, self.resize)
    if self.pad_to:
      image = pad(image, self.pad_to)
    return image

  def images(self, x: np.ndarray, what: str) -> np.ndarray:
    """Images [N, H, W, C] of one size, each through `image`; `x` itself when every step is off."""
    if not (self.center_crop or self.resize or self.pad_to):
      return x
    out = np.empty((len(x), *self.output_shape(x.shape[1:], what)), x.dtype)
    for i, image in enumerate(x):
      out[i] = self.image(image)
    return out

  def __call__(self, example: dict) -> dict:
    return {**example, 'image': self.image(example['image'])}
