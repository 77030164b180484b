"""The GP prior's density and KL (genjax.losses.gp) against scipy and Monte Carlo."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import stats

from genjax import losses


@pytest.mark.parametrize('kernel', ['cauchy', 'rbf'])
def test_log_density_matches_scipy(kernel):
  cov = losses.kernel_matrix(6, kernel, length_scale=1.5, variance=0.7, jitter=1e-3)
  z = np.random.default_rng(0).normal(size=(4, 6)).astype(np.float32)
  log_density = jax.jit(losses.gp_log_density)(z, jnp.linalg.cholesky(cov))
  expected = stats.multivariate_normal(np.zeros(6), np.asarray(cov, np.float64)).logpdf(z)
  np.testing.assert_allclose(log_density, expected, rtol=1e-4)


def test_kernel_matrix_entries():
  kernel_matrix = jax.jit(losses.kernel_matrix, static_argnums=(0, 1))
  cov = kernel_matrix(3, 'cauchy', length_scale=2.0, variance=3.0, jitter=0.5)
  np.testing.assert_allclose(cov, [[3.5, 2.4, 1.5], [2.4, 3.5, 2.4], [1.5, 2.4, 3.5]], rtol=1e-6)


def test_kl_matches_monte_carlo_with_scipy_densities():
  rng = np.random.default_rng(1)
  cov = np.asarray(losses.kernel_matrix(5, 'cauchy', length_scale=2.0), np.float64)
  mean = rng.normal(size=(2, 5))
  logvar = rng.normal(scale=0.5, size=(2, 5)) - 1.0
  kl = jax.jit(losses.diagonal_gaussian_kl_to_gp)(mean.astype(np.float32), logvar.astype(np.float32),
                                                  jnp.linalg.cholesky(jnp.asarray(cov, jnp.float32)))
  prior = stats.multivariate_normal(np.zeros(5), cov)
  for i in range(2):
    posterior = stats.multivariate_normal(mean[i], np.diag(np.exp(logvar[i])))
    z = posterior.rvs(size=100_000, random_state=rng)
    log_ratio = posterior.logpdf(z) - prior.logpdf(z)
    stderr = log_ratio.std() / np.sqrt(len(z))
    assert abs(float(kl[i]) - log_ratio.mean()) < 5 * stderr, (kl[i], log_ratio.mean(), stderr)


def test_kl_to_a_white_kernel_is_the_standard_normal_kl():
  rng = np.random.default_rng(2)
  mean, logvar = (rng.normal(size=(3, 4, 7)).astype(np.float32) for _ in range(2))
  chol = np.eye(7, dtype=np.float32)  # The Cholesky factor of the white kernel's K = I.
  np.testing.assert_allclose(losses.kernel_matrix(7, 'white', length_scale=1.0, jitter=0.0), chol)
  kl = jax.jit(losses.diagonal_gaussian_kl_to_gp)(mean, logvar, chol).sum(axis=1)
  np.testing.assert_allclose(kl, jax.jit(losses.gaussian_kl_to_standard)(mean, logvar), rtol=1e-5)
