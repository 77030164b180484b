"""Tests for genjax.metrics.kid."""
import numpy as np
import pytest

from genjax.metrics.kid import kernel_inception_distance


def _kernel(a: np.ndarray, b: np.ndarray) -> float:
  return (a @ b / len(a) + 1.0) ** 3


def _direct_unbiased_mmd2(x: np.ndarray, y: np.ndarray) -> float:
  """Unbiased MMD^2 with k(a, b) = (a . b / d + 1)^3, pair by pair."""
  m = len(x)
  within = sum(_kernel(x[i], x[j]) + _kernel(y[i], y[j])
               for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
  cross = sum(_kernel(x[i], y[j]) for i in range(m) for j in range(m)) / m**2
  return within - 2.0 * cross


# Every test draws 4 subsets from samples of 60, so the index draw compiles twice in all.
def _kid(real: np.ndarray, fake: np.ndarray, subset_size: int = 40,
         seed: int = 0) -> tuple[float, float]:
  return kernel_inception_distance(real, fake, num_subsets=4, subset_size=subset_size, seed=seed)


def test_equals_direct_implementation_on_whole_samples():
  rng = np.random.default_rng(0)
  real, fake = rng.normal(size=(60, 5)), rng.normal(0.3, 1.0, size=(60, 5))
  mean, std = _kid(real, fake, subset_size=60)
  # Every subset is a permutation of the whole samples, and MMD^2 ignores the order.
  assert mean == pytest.approx(_direct_unbiased_mmd2(real, fake), rel=1e-10)
  assert std == pytest.approx(0.0, abs=1e-12)


def test_unbiased_for_equal_distributions():
  rng = np.random.default_rng(1)
  means = np.array([_kid(rng.normal(size=(60, 4)), rng.normal(size=(60, 4)), seed=trial)[0]
                    for trial in range(200)])
  stderr = means.std() / np.sqrt(len(means))
  assert abs(means.mean()) < 4 * stderr, (means.mean(), stderr)
  assert (means < 0).any()


def test_positive_and_growing_with_a_shift():
  rng = np.random.default_rng(2)
  real, fake = rng.normal(size=(60, 4)), rng.normal(size=(60, 4))
  small, small_std = _kid(real, fake + 0.5)
  large, _ = _kid(real, fake + 1.0)
  assert small > 2 * small_std
  assert large > 3 * small


def test_same_seed_same_numbers():
  rng = np.random.default_rng(3)
  real, fake = rng.normal(size=(60, 6)), rng.normal(size=(60, 6))
  first = _kid(real, fake, seed=7)
  assert _kid(real, fake, seed=7) == first
  assert _kid(real, fake, seed=8) != first


@pytest.mark.parametrize('num_real, num_fake', [(50, 100), (100, 50)])
def test_subset_larger_than_a_sample_raises(num_real, num_fake):
  real, fake = np.zeros((num_real, 3)), np.zeros((num_fake, 3))
  with pytest.raises(ValueError, match=r'subset_size 60 must be in \[2, 50\]') as error:
    kernel_inception_distance(real, fake, subset_size=60)
  assert '\n' not in str(error.value)
