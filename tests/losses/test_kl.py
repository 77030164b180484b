"""Tests for genjax.losses.kl."""
import chex
import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from genjax.losses import gaussian_kl_to_standard


def test_zero_at_the_prior():
  kl = gaussian_kl_to_standard(jnp.zeros((3, 5)), jnp.zeros((3, 5)))
  chex.assert_shape(kl, (3,))
  np.testing.assert_allclose(kl, 0.0, atol=1e-7)


def test_matches_monte_carlo():
  rng = np.random.default_rng(0)
  mean = rng.normal(size=(3, 4)).astype(np.float32)
  logvar = rng.normal(scale=0.5, size=(3, 4)).astype(np.float32)
  std = np.exp(0.5 * logvar)
  z = mean + std * rng.normal(size=(200_000, 3, 4))
  # log q(z) - log p(z), summed over latent dims; constants cancel.
  log_ratio = np.sum(-0.5 * ((z - mean) / std) ** 2 - 0.5 * logvar + 0.5 * z**2, axis=-1)
  estimate = log_ratio.mean(axis=0)
  stderr = log_ratio.std(axis=0) / np.sqrt(log_ratio.shape[0])
  kl = np.asarray(jax.jit(gaussian_kl_to_standard)(mean, logvar))
  assert np.all(np.abs(kl - estimate) < 5 * stderr), (kl, estimate, stderr)


def test_sums_over_all_non_batch_dims():
  mean = jnp.ones((2, 3, 4))
  kl = gaussian_kl_to_standard(mean, jnp.zeros_like(mean))
  np.testing.assert_allclose(kl, [6.0, 6.0])
  assert kl.dtype == jnp.float32


@settings(max_examples=30, deadline=None)
@given(
    hnp.arrays(np.float32, (4, 3), elements=st.floats(-5, 5, width=32)),
    hnp.arrays(np.float32, (4, 3), elements=st.floats(-5, 5, width=32)),
)
def test_non_negative(mean, logvar):
  assert np.all(np.asarray(gaussian_kl_to_standard(mean, logvar)) >= -1e-5)
