"""Image array operations on raw pixels: shape and value checks (per-example geometry: `geometry`)."""
import numpy as np

from genjax.errors import GenjaxError

RANGES = {'unit': (0.0, 1.0), 'signed': (-1.0, 1.0)}


def dtype_levels(x: np.ndarray) -> int:
  """256 levels for integer pixels (0..255), 0 (continuous) for float pixels in [0, 1]."""
  return 256 if np.issubdtype(x.dtype, np.integer) else 0


def as_nhwc(x: np.ndarray, what: str) -> np.ndarray:
  """Checks that `x` holds images [N, H, W] or [N, H, W, C] with C in {1, 3}; returns NHWC."""
  if x.ndim == 3:
    x = x[..., None]
  if x.ndim != 4 or x.shape[-1] not in (1, 3):
    raise GenjaxError(
        f'{what}: images of shape {x.shape}, expected [N, H, W] or [N, H, W, C] with C in {{1, 3}}')
  if min(x.shape) == 0:
    raise GenjaxError(f'{what}: empty images array of shape {x.shape}')
  return x


def check_values(x: np.ndarray, levels: int, what: str) -> None:
  """Integer pixels must lie in [0, levels - 1]; float pixels must be finite and in [0, 1]."""
  if not (np.issubdtype(x.dtype, np.integer) or np.issubdtype(x.dtype, np.floating)):
    raise GenjaxError(f'{what}: images of dtype {x.dtype}, expected integer or float')
  if levels:
    if not np.issubdtype(x.dtype, np.integer):
      raise GenjaxError(f'{what}: float images where integer pixels of {levels} levels expected')
    low, high = 0, levels - 1
  else:
    if not np.isfinite(x).all():
      raise GenjaxError(f'{what}: images contain NaN or inf')
    low, high = 0.0, 1.0
  if x.min() < low or x.max() > high:
    raise GenjaxError(
        f'{what}: pixel values span [{x.min()}, {x.max()}], expected [{low}, {high}]'
        + ('' if levels else ' for float images'))


