"""PSNR and SSIM: known values, a hand computation of one SSIM pixel, and the measures' properties."""
import numpy as np
import pytest

from genjax.metrics import psnr, ssim, ssim_map


def _images(seed, shape=(2, 16, 16, 1)):
  return np.random.default_rng(seed).uniform(0, 1, shape).astype(np.float32)


def test_psnr_of_a_known_error():
  x = np.zeros((2, 4, 4, 1), np.float32)
  np.testing.assert_allclose(psnr(x, x + 0.1, (0.0, 1.0)), [20.0, 20.0], rtol=1e-5)  # 10·log10(1 / 0.01)
  np.testing.assert_allclose(psnr(x, x + 0.1, (-1.0, 1.0)), 10 * np.log10(4 / 0.01), rtol=1e-5)
  mask = np.zeros((4, 4, 1), bool)
  mask[:2] = True
  off = x.copy()
  off[:, 2:] = 0.5  # Wrong only outside the mask.
  assert np.isinf(psnr(x, off, (0.0, 1.0), mask)).all()
  np.testing.assert_allclose(psnr(x, off, (0.0, 1.0), ~mask), 10 * np.log10(1 / 0.25), rtol=1e-5)


def _hand_ssim(x, y, row, col, peak=1.0):
  """Eq. 13 of Wang et al. 2004 at one pixel, the 11x11 Gaussian window cut to the image."""
  taps = np.exp(-((np.arange(11) - 5) ** 2) / (2 * 1.5**2))
  window = np.outer(taps, taps)
  rows, cols = np.arange(row - 5, row + 6), np.arange(col - 5, col + 6)
  keep = np.outer((rows >= 0) & (rows < x.shape[0]), (cols >= 0) & (cols < x.shape[1]))
  w = np.where(keep, window, 0.0)
  w /= w.sum()
  patch = lambda image: np.pad(image, 5)[row:row + 11, col:col + 11]
  px, py = patch(x), patch(y)
  mx, my = (w * px).sum(), (w * py).sum()
  vx, vy, cov = (w * px**2).sum() - mx**2, (w * py**2).sum() - my**2, (w * px * py).sum() - mx * my
  c1, c2 = (0.01 * peak) ** 2, (0.03 * peak) ** 2
  return (2 * mx * my + c1) * (2 * cov + c2) / ((mx**2 + my**2 + c1) * (vx + vy + c2))


@pytest.mark.parametrize('row, col', [(8, 8), (0, 3)])  # Inside, and on the border.
def test_ssim_matches_a_hand_computation(row, col):
  x, y = _images(0), _images(1)
  y = 0.5 * x + 0.5 * y  # Correlated, so that SSIM is far from 0.
  values = np.asarray(ssim_map(x, y, (0.0, 1.0)))
  assert values.shape == x.shape
  np.testing.assert_allclose(values[1, row, col, 0], _hand_ssim(x[1, ..., 0], y[1, ..., 0], row, col), rtol=1e-4)


def test_ssim_properties():
  x, y = _images(0, (2, 8, 8, 3)), _images(1, (2, 8, 8, 3))
  np.testing.assert_allclose(ssim(x, x, (0.0, 1.0)), 1.0, rtol=1e-6)
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0)), ssim(y, x, (0.0, 1.0)), rtol=1e-6)
  assert (ssim(x, y, (0.0, 1.0)) < 0.5).all()
  assert (ssim(x, 0.9 * x + 0.1 * y, (0.0, 1.0)) > ssim(x, 0.5 * x + 0.5 * y, (0.0, 1.0))).all()
  mask = np.zeros((8, 8, 1), bool)
  mask[:3] = True
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0), mask),
                             np.asarray(ssim_map(x, y, (0.0, 1.0)))[:, :3].mean(axis=(1, 2, 3)), rtol=1e-5)


def test_ssim_and_psnr_do_not_depend_on_the_value_range():
  """The luminance term of SSIM reads means as intensities in [0, L]: [-1, 1] data are shifted first."""
  x, y = _images(0, (2, 8, 8, 1)), _images(1, (2, 8, 8, 1))
  y = 0.7 * x + 0.3 * y
  signed = lambda image: 2 * image - 1
  np.testing.assert_allclose(ssim(signed(x), signed(y), (-1.0, 1.0)), ssim(x, y, (0.0, 1.0)), rtol=1e-5)
  np.testing.assert_allclose(psnr(signed(x), signed(y), (-1.0, 1.0)), psnr(x, y, (0.0, 1.0)), rtol=1e-5)
