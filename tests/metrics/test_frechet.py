"""Tests for genjax.metrics.frechet."""
import numpy as np
import pytest
from scipy import linalg

from genjax.metrics.frechet import fid_from_features
from genjax.metrics.frechet import frechet_distance
from genjax.metrics.frechet import gaussian_statistics


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
