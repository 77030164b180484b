"""Tests for genjax.metrics.frechet."""
import numpy as np
import pytest
from scipy import linalg

from genjax.metrics.frechet import fid_from_features
from genjax.metrics.frechet import frechet_distance
from genjax.metrics.frechet import gaussian_statistics
from genjax.metrics.frechet import streaming_gaussian_statistics


def _random_gaussian(rng: np.random.Generator, dim: int) -> tuple[np.ndarray, np.ndarray]:
  factor = rng.normal(size=(dim, dim))
  return rng.normal(size=dim), factor @ factor.T / dim + 0.1 * np.eye(dim)


def _sqrtm_reference(mu1, sigma1, mu2, sigma2) -> float:
  diff = mu1 - mu2
  return diff @ diff + np.trace(sigma1 + sigma2 - 2.0 * linalg.sqrtm(sigma1 @ sigma2).real)


def test_statistics_are_float64_mean_and_unbiased_covariance():
  features = np.random.default_rng(0).normal(size=(50, 3)).astype(np.float32)
  mu, sigma = gaussian_statistics(features)
  assert mu.dtype == sigma.dtype == np.float64
  np.testing.assert_allclose(mu, features.mean(axis=0), rtol=1e-6)
  np.testing.assert_allclose(sigma, np.cov(features, rowvar=False, ddof=1), rtol=1e-6)


def _chunks(features: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
  return np.split(features, np.cumsum(sizes)[:-1])


@pytest.mark.parametrize('sizes', [[37], [1, 36], [10, 0, 13, 1, 13], [2] * 18 + [1]])
def test_streaming_statistics_equal_numpys_of_the_stacked_rows(sizes):
  features = np.random.default_rng(3).normal(size=(37, 5)).astype(np.float32)
  count, mu, sigma = streaming_gaussian_statistics(_chunks(features, sizes))
  assert count == 37 and mu.dtype == sigma.dtype == np.float64
  np.testing.assert_allclose(mu, np.mean(features.astype(np.float64), axis=0), rtol=1e-13)
  np.testing.assert_allclose(sigma, np.cov(features.astype(np.float64), rowvar=False), rtol=1e-12, atol=1e-15)


def test_streaming_statistics_keep_their_digits_far_from_the_origin():
  """Rows at 1e8 with spread 1: sums of squares (1e16 each) would cancel every digit of the variance."""
  rng = np.random.default_rng(4)
  features = 1e8 + rng.normal(size=(1000, 3))
  _, mu, sigma = streaming_gaussian_statistics(_chunks(features, [100] * 10))
  naive = (features.T @ features - 1000 * np.outer(features.mean(0), features.mean(0))) / 999
  exact = np.cov(features - 1e8, rowvar=False)
  np.testing.assert_allclose(sigma, exact, rtol=1e-6, atol=1e-6)
  np.testing.assert_allclose(mu - 1e8, (features - 1e8).mean(axis=0), atol=1e-7)
  assert np.abs(naive - exact).max() > 1  # What the streaming formula avoids.


@pytest.mark.parametrize('chunks, message', [
    ([np.zeros((1, 3))], 'at least 2 rows, got 1'),
    ([], 'at least 2 rows, got 0'),
    ([np.zeros((2, 3)), np.zeros((2, 4))], r'one D, got shape \(2, 4\)'),
    ([np.zeros(3)], r'one D, got shape \(3,\)'),
])
def test_streaming_statistics_reject_bad_chunks(chunks, message):
  with pytest.raises(ValueError, match=message):
    streaming_gaussian_statistics(chunks)


@pytest.mark.parametrize('num', [500, 40])  # Full-rank and singular (N < D) covariances.
def test_a_set_against_itself_is_zero(num):
  features = np.random.default_rng(1).normal(size=(num, 64)) ** 2
  mu, sigma = gaussian_statistics(features)
  assert abs(fid_from_features(features, features)) < 1e-6 * np.trace(sigma)


@pytest.mark.parametrize('dim', [2, 3, 8, 17, 64])
def test_matches_scipy_sqrtm(dim):
  rng = np.random.default_rng(dim)
  first, second = _random_gaussian(rng, dim), _random_gaussian(rng, dim)
  np.testing.assert_allclose(frechet_distance(*first, *second), _sqrtm_reference(*first, *second),
                             rtol=1e-6)


def test_symmetric():
  rng = np.random.default_rng(2)
  first, second = _random_gaussian(rng, 16), _random_gaussian(rng, 16)
  np.testing.assert_allclose(frechet_distance(*first, *second), frechet_distance(*second, *first),
                             rtol=1e-10)


def test_diagonal_covariances_closed_form():
  var1, var2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 9.0])
  mu1, mu2 = np.zeros(3), np.array([1.0, 2.0, 0.0])
  # ||mu1 - mu2||^2 + sum_i (sqrt(v1_i) - sqrt(v2_i))^2 = 5 + (1 + 1 + 0).
  assert frechet_distance(mu1, np.diag(var1), mu2, np.diag(var2)) == pytest.approx(7.0, rel=1e-12)


def test_features_of_two_known_gaussians():
  rng = np.random.default_rng(3)
  real = rng.normal(size=(100_000, 2))
  fake = rng.normal(size=(100_000, 2)) * [1.0, 2.0] + [3.0, 0.0]
  # 9 + (1 - 1)^2 + (1 - 2)^2, up to sampling error.
  assert fid_from_features(real, fake) == pytest.approx(10.0, rel=0.01)


def test_shape_mismatch_raises():
  with pytest.raises(ValueError, match='shapes disagree'):
    frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), np.eye(3))
