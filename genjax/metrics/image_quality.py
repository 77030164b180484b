"""Full-reference image quality: PSNR and SSIM (Wang et al. 2004), per image, optionally over a region.

Images are [B, H, W, C] in `value_range` = (low, high), whose span is the peak L. A `mask`
broadcastable to the images (True where counted) restricts either measure to a region, e.g. the
observed or the missing pixels of an inpainting problem.
"""
import functools
from typing import Literal

import jax
import jax.numpy as jnp
import jax.scipy.signal

from genjax.errors import GenjaxError, check_choice

WINDOW = 11
SIGMA = 1.5
K1, K2 = 0.01, 0.03


def _region_mean(values: jax.Array, mask: jax.Array | None) -> jax.Array:
  """Mean over each image's pixels and channels (those in `mask` when given), [B]."""
  if mask is None:
    return values.mean(axis=(1, 2, 3))
  weights = jnp.broadcast_to(mask, values.shape).astype(values.dtype)
  return (values * weights).sum(axis=(1, 2, 3)) / weights.sum(axis=(1, 2, 3))


@functools.partial(jax.jit, static_argnames='value_range')
def psnr(x: jax.Array, y: jax.Array, value_range: tuple[float, float], mask: jax.Array | None = None) -> jax.Array:
  """10·log10(L² / MSE) per image in dB, [B]; +inf where the images agree."""
  peak = value_range[1] - value_range[0]
  mse = _region_mean(jnp.square(jnp.asarray(x, jnp.float32) - jnp.asarray(y, jnp.float32)), mask)
  return 10.0 * jnp.log10(peak**2 / mse)


def gaussian_window(size: int = WINDOW, sigma: float = SIGMA) -> jax.Array:
  """The normalized 1-D Gaussian of `size` taps; SSIM's window is its outer product."""
  taps = jnp.arange(size) - (size - 1) / 2
  window = jnp.exp(-(taps**2) / (2 * sigma**2))
  return window / window.sum()


def _local_mean(images: jax.Array, kernel: jax.Array) -> jax.Array:
  """`kernel`-weighted mean around every pixel of each channel, [B, H, W, C]; at the borders the
  window is cut to the image and renormalized (8x8 digits are smaller than the window). Zero
  padding, then a 'valid' convolution: 'same' refuses an image wider than the window but not as tall."""
  margin = (kernel.shape[0] - 1) // 2
  blur = lambda plane: jax.scipy.signal.convolve2d(jnp.pad(plane, margin), kernel, mode='valid')
  planes = jnp.moveaxis(images, -1, 1)  # [B, C, H, W]
  smoothed = jax.vmap(jax.vmap(blur))(planes) / blur(jnp.ones(images.shape[1:3]))
  return jnp.moveaxis(smoothed, 1, -1)


@functools.partial(jax.jit, static_argnames='value_range')
def ssim_map(x: jax.Array, y: jax.Array, value_range: tuple[float, float]) -> jax.Array:
  """SSIM at every pixel and channel (Wang et al. 2004, Eq. 13), [B, H, W, C]: local statistics
  under an 11x11 Gaussian window of σ 1.5, C1 = (0.01·L)², C2 = (0.03·L)². Pixels are taken from
  `value_range` to [0, L], as the formula assumes, so one pair of images scores the same in any range."""
  low, high = value_range
  x, y = jnp.asarray(x, jnp.float32) - low, jnp.asarray(y, jnp.float32) - low
  peak = high - low
  c1, c2 = (K1 * peak) ** 2, (K2 * peak) ** 2
  window = gaussian_window()
  mean = lambda v: _local_mean(v, jnp.outer(window, window))
  mu_x, mu_y = mean(x), mean(y)
  var_x, var_y = mean(x * x) - mu_x**2, mean(y * y) - mu_y**2
  cov = mean(x * y) - mu_x * mu_y
  return ((2 * mu_x * mu_y + c1) * (2 * cov + c2)) / ((mu_x**2 + mu_y**2 + c1) * (var_x + var_y + c2))


MARGIN = (WINDOW - 1) // 2  # Pixels next to an edge whose window leaves the image.


@functools.partial(jax.jit, static_argnames=('value_range', 'border'))
def _ssim(x: jax.Array, y: jax.Array, value_range: tuple[float, float], mask: jax.Array | None,
          border: str) -> jax.Array:
  values = ssim_map(x, y, value_range)
  if border == 'crop':
    height, width = values.shape[1:3]
    crop = lambda a: a[:, MARGIN:height - MARGIN, MARGIN:width - MARGIN]
    values, mask = crop(values), None if mask is None else crop(jnp.broadcast_to(mask, values.shape))
  return _region_mean(values, mask)


def ssim(x: jax.Array, y: jax.Array, value_range: tuple[float, float], mask: jax.Array | None = None,
         border: Literal['renormalize', 'crop'] = 'renormalize') -> jax.Array:
  """Mean SSIM per image (over its channels, and the pixels in `mask` when given), [B].

  `border` says which pixels count. 'renormalize' (genjax's): all of them, the window cut to the
  image and renormalized at the edges (images smaller than the window, 8x8 digits, have a score).
  'crop' (scikit-image's `structural_similarity` with gaussian_weights=True, sigma=1.5,
  use_sample_covariance=False and data_range=L, Wang et al.'s settings): only those at least
  MARGIN = (WINDOW - 1) // 2 = 5 pixels from every edge, whose whole window lies in the image. How
  far apart they are depends on the border: 0.55 and 0.84 on MNIST digits with noise σ = 0.05.
  """
  check_choice('SSIM border', border, ('renormalize', 'crop'))
  height, width = jnp.shape(x)[1:3]
  if border == 'crop' and min(height, width) <= 2 * MARGIN:
    raise GenjaxError(f"SSIM border 'crop' needs images larger than {2 * MARGIN}x{2 * MARGIN} pixels, got "
                      f'{height}x{width}')
  return _ssim(x, y, tuple(value_range), mask, border)
