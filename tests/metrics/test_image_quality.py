"""PSNR and SSIM: known values, a hand computation of one SSIM pixel, the measures' properties, and
SSIM's two border conventions (one of them scikit-image's)."""
import numpy as np
import pytest

from genjax.errors import GenjaxError
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


@pytest.mark.parametrize('shape, row, col', [
    ((2, 16, 16, 1), 8, 8), ((2, 16, 16, 1), 0, 3),  # Inside, and on the border.
    ((2, 8, 14, 1), 4, 12),  # Shorter than the window, wider than it.
])
def test_ssim_matches_a_hand_computation(shape, row, col):
  x, y = _images(0, shape), _images(1, shape)
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


# Which pixels count: the window renormalized at the border (genjax's), or the interior (scikit-image's).


def _pair(shape):
  x = _images(2, shape)
  return x, np.clip(0.6 * x + 0.4 * _images(3, shape), 0, 1)


def test_renormalize_averages_every_pixel_and_crop_the_interior():
  x, y = _pair((2, 20, 17, 1))
  values = np.asarray(ssim_map(x, y, (0.0, 1.0)))
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0)), values.mean(axis=(1, 2, 3)), rtol=1e-6)
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0), border='crop'), values[:, 5:-5, 5:-5].mean(axis=(1, 2, 3)),
                             rtol=1e-6)
  mask = np.zeros((20, 17, 1), bool)
  mask[:9] = True  # Rows 5 to 8 of the interior.
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0), mask, border='crop'),
                             values[:, 5:9, 5:-5].mean(axis=(1, 2, 3)), rtol=1e-6)


def test_crop_is_the_mean_of_the_hand_computed_interior():
  x, y = _pair((1, 13, 12, 1))
  hand = np.mean([_hand_ssim(x[0, ..., 0], y[0, ..., 0], row, col) for row in range(5, 8) for col in range(5, 7)])
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0), border='crop'), [hand], rtol=1e-4)


@pytest.mark.parametrize('channels', [1, 3])
def test_crop_equals_scikit_image(channels):
  metrics = pytest.importorskip('skimage.metrics')
  x, y = _pair((2, 28, 28, channels))
  expected = [metrics.structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                            data_range=1.0, channel_axis=-1) for a, b in zip(x, y)]
  np.testing.assert_allclose(ssim(x, y, (0.0, 1.0), border='crop'), expected, rtol=1e-5)
  assert np.abs(np.asarray(ssim(x, y, (0.0, 1.0))) - expected).max() > 1e-3  # The other convention differs.


@pytest.mark.parametrize('shape, border, message', [
    ((1, 10, 12, 1), 'crop', "SSIM border 'crop' needs images larger than 10x10 pixels, got 10x12"),
    ((1, 12, 12, 1), 'valid', "SSIM border 'valid' is not one of renormalize, crop"),
])
def test_bad_borders_are_refused_in_one_line(shape, border, message):
  x = np.zeros(shape, np.float32)
  with pytest.raises(GenjaxError, match=f'^{message}$'):
    ssim(x, x, (0.0, 1.0), border=border)
