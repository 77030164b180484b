"""Parzen-window log-likelihood against a direct numpy computation; chunking and σ selection."""
import numpy as np
import pytest
from scipy.special import logsumexp

from genjax.metrics.parzen import parzen_log_density, parzen_log_likelihood


def naive_log_density(samples: np.ndarray, x: np.ndarray, sigma: float) -> np.ndarray:
  sq_dist = np.square(x[:, None, :] - samples[None]).sum(-1)
  dims = samples.shape[1]
  return logsumexp(-sq_dist / (2 * sigma**2), axis=1) - np.log(len(samples)) - dims / 2 * np.log(
      2 * np.pi * sigma**2)


def points(num: int, dims: int, seed: int) -> np.ndarray:
  return np.random.default_rng(seed).normal(size=(num, dims))


def test_matches_naive_computation_for_every_sigma():
  samples, x, sigmas = points(37, 5, 0), points(23, 5, 1) + 0.5, np.array([0.3, 1.0, 2.0])
  got = parzen_log_density(samples, x, sigmas, x_chunk=4, sample_chunk=10)
  expected = np.stack([naive_log_density(samples, x, s) for s in sigmas])
  np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-4)
  np.testing.assert_allclose(parzen_log_density(samples, x, 1.0), expected[1], rtol=1e-5, atol=1e-4)


def test_chunk_sizes_change_nothing():
  samples, x = points(50, 16, 2).reshape(50, 4, 4), points(30, 16, 3).reshape(30, 4, 4)
  reference = parzen_log_density(samples, x, [0.5, 2.0])
  for x_chunk, sample_chunk in ((1, 1), (7, 13)):
    np.testing.assert_allclose(parzen_log_density(samples, x, [0.5, 2.0], x_chunk, sample_chunk),
                               reference, rtol=1e-6, atol=1e-5)


def test_protocol_picks_the_best_validation_sigma_and_reports_test_statistics():
  samples, validation, test = points(40, 3, 4), points(20, 3, 5), points(15, 3, 6)
  sigmas = np.array([0.2, 0.5, 1.0, 2.0])
  result = parzen_log_likelihood(samples, validation, test, sigmas, x_chunk=8, sample_chunk=16)
  best = sigmas[np.argmax([naive_log_density(samples, validation, s).mean() for s in sigmas])]
  values = naive_log_density(samples, test, best)
  assert result['sigma'] == pytest.approx(best)
  assert result['mean'] == pytest.approx(values.mean(), rel=1e-5)
  assert result['std_error'] == pytest.approx(values.std(ddof=1) / np.sqrt(len(values)), rel=1e-4)


def test_selects_the_generating_sigma():
  """Data drawn from the KDE itself (a generated sample plus N(0, σ0² I) noise) select σ ≈ σ0."""
  rng = np.random.default_rng(7)
  samples, sigma0 = rng.uniform(-5, 5, size=(300, 3)), 0.3

  def data(num):
    return samples[rng.integers(0, len(samples), num)] + sigma0 * rng.normal(size=(num, 3))

  sigmas = np.logspace(-2, 1, 31)  # Steps of a factor 10^0.1 ≈ 1.26.
  result = parzen_log_likelihood(samples, data(3000), data(500), sigmas)
  assert sigma0 / 1.3 < result['sigma'] < sigma0 * 1.3


@pytest.mark.parametrize('samples, validation, test, sigmas, message', [
    (5, 5, 5, [], 'non-empty'),
    (5, 5, 5, [0.1, -1.0], 'positive'),
    (5, 5, 5, [[0.1]], '1-D'),
    (0, 5, 5, [0.1], 'samples and points'),
    (5, 0, 5, [0.1], 'samples and points'),
    (5, 5, 0, [0.1], 'samples and points'),
])
def test_bad_inputs_raise_a_one_line_error(samples, validation, test, sigmas, message):
  with pytest.raises(ValueError, match=message) as error:
    parzen_log_likelihood(np.ones((samples, 2)), np.ones((validation, 2)), np.ones((test, 2)), sigmas)
  assert '\n' not in str(error.value)
