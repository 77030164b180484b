"""Tests for genjax.losses.likelihood."""
import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from genjax.losses import (bernoulli_log_likelihood, discretized_logistic_log_likelihood,
                           gaussian_log_likelihood, squared_error)


def test_bernoulli_matches_naive_formula():
  rng = np.random.default_rng(0)
  logits = rng.normal(scale=3.0, size=(4, 2, 3)).astype(np.float32)
  x = rng.uniform(size=(4, 2, 3)).astype(np.float32)
  p = 1 / (1 + np.exp(-logits.astype(np.float64)))
  naive = np.sum(x * np.log(p) + (1 - x) * np.log1p(-p), axis=(1, 2))
  ll = jax.jit(bernoulli_log_likelihood)(logits, x)
  chex.assert_shape(ll, (4,))
  np.testing.assert_allclose(ll, naive, rtol=1e-5, atol=1e-5)


def test_bernoulli_finite_for_extreme_logits():
  logits = jnp.array([[100.0, -100.0], [-100.0, 100.0]])
  x = jnp.array([[1.0, 0.0], [1.0, 0.0]])
  ll = bernoulli_log_likelihood(logits, x)
  assert np.all(np.isfinite(ll))
  np.testing.assert_allclose(ll, [0.0, -200.0], atol=1e-4)
  assert np.all(np.isfinite(jax.grad(lambda l: bernoulli_log_likelihood(l, x).sum())(logits)))


@settings(max_examples=30, deadline=None)
@given(
    hnp.arrays(np.float32, (3, 5), elements=st.floats(-50, 50, width=32)),
    hnp.arrays(np.float32, (3, 5), elements=st.floats(0, 1, width=32)),
)
def test_bernoulli_is_a_log_probability(logits, x):
  assert np.all(np.asarray(bernoulli_log_likelihood(logits, x)) <= 1e-6)


def test_gaussian_matches_scipy():
  rng = np.random.default_rng(1)
  mean = rng.normal(size=(3, 8, 8, 1)).astype(np.float32)
  x = rng.normal(size=(3, 8, 8, 1)).astype(np.float32)
  sigma = 0.3
  expected = stats.norm.logpdf(x, loc=mean, scale=sigma).reshape(3, -1).sum(axis=1)
  ll = jax.jit(gaussian_log_likelihood)(mean, x, sigma)
  chex.assert_shape(ll, (3,))
  np.testing.assert_allclose(ll, expected, rtol=1e-5)


def test_gaussian_is_weighted_squared_error_plus_constant():
  """-log N(x; f, sigma^2) = C ||x - f||^2 + const with C = 1 / (2 sigma^2)."""
  rng = np.random.default_rng(2)
  mean = rng.normal(size=(5, 6)).astype(np.float32)
  x = rng.normal(size=(5, 6)).astype(np.float32)
  sigma = 0.5
  constant = 6 * (np.log(sigma) + 0.5 * np.log(2 * np.pi))
  np.testing.assert_allclose(
      -gaussian_log_likelihood(mean, x, sigma),
      squared_error(mean, x) / (2 * sigma**2) + constant,
      rtol=1e-5,
  )


def test_squared_error():
  mean = jnp.zeros((2, 2, 2))
  x = jnp.arange(8.0).reshape(2, 2, 2)
  np.testing.assert_allclose(squared_error(mean, x), [14.0, 126.0])


@pytest.mark.parametrize('value_range', [(0.0, 1.0), (-1.0, 1.0)])
def test_discretized_logistic_sums_to_one_over_all_levels(value_range):
  low, high = value_range
  levels = jnp.linspace(low, high, 256).reshape(256, 1)  # each level one example
  for mean, log_scale in [(0.3, -3.0), (low, -6.0), (high + 2.0, 0.5), (0.1, 2.0)]:
    ll = discretized_logistic_log_likelihood(jnp.full_like(levels, mean), log_scale, levels, 256, value_range)
    np.testing.assert_allclose(jnp.exp(ll).sum(), 1.0, rtol=1e-4)


def test_discretized_logistic_matches_cdf_differences():
  rng = np.random.default_rng(3)
  x = rng.integers(0, 17, size=(4, 6)) / 16  # 17 levels in [0, 1], edges included
  x[0, :2] = [0.0, 1.0]
  mean = rng.uniform(-0.2, 1.2, size=(4, 6))
  log_scale = -2.0
  cdf = lambda v: stats.logistic.cdf(v, loc=mean, scale=np.exp(log_scale))
  upper = np.where(x == 1.0, 1.0, cdf(x + 1 / 32))
  lower = np.where(x == 0.0, 0.0, cdf(x - 1 / 32))
  expected = np.log(upper - lower).sum(axis=1)
  ll = jax.jit(discretized_logistic_log_likelihood, static_argnums=(3, 4))(
      mean.astype(np.float32), log_scale, x.astype(np.float32), 17, (0.0, 1.0))
  chex.assert_shape(ll, (4,))
  np.testing.assert_allclose(ll, expected, rtol=1e-4)


def test_discretized_logistic_finite_far_from_the_data():
  x = jnp.array([[0.0, 0.5, 1.0]])
  def nll(mean):
    return -discretized_logistic_log_likelihood(mean, -5.0, x, 256).sum()
  mean = jnp.array([[30.0, -30.0, -30.0]])
  assert np.isfinite(nll(mean)) and np.all(np.isfinite(jax.grad(nll)(mean)))
