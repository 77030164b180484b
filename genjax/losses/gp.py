"""Gaussian-process priors over latent trajectories (GP-VAE: Casale et al. 2018; Fortuin et al. 2020).

Each latent dimension's trajectory z = (z_1, ..., z_T) over frames t = 0..T-1 has the prior
N(0, K) with K[s, t] = k(s - t). Everything here works from the Cholesky factor L of K (K = L Lᵀ).
"""
import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.linalg import solve_triangular

# k(τ) with variance σ² and length scale l. Fortuin et al. 2020 (Sec. 3) use the Cauchy kernel;
# 'white' makes frames independent N(0, σ²): the plain VAE prior, the paper's baseline.
KERNELS = {
    'cauchy': lambda tau, length_scale: 1.0 / (1.0 + jnp.square(tau / length_scale)),
    'rbf': lambda tau, length_scale: jnp.exp(-0.5 * jnp.square(tau / length_scale)),
    'white': lambda tau, length_scale: (tau == 0).astype(jnp.float32),
}


def kernel_matrix(num_frames: int, kernel: str, length_scale: float, variance: float = 1.0,
                  jitter: float = 1e-4) -> jax.Array:
  """K[s, t] = σ² k(s - t) + jitter·[s = t] over frames 0..T-1, [T, T]; the jitter keeps K positive
  definite in float32."""
  frames = jnp.arange(num_frames, dtype=jnp.float32)
  tau = frames[:, None] - frames[None, :]
  return variance * KERNELS[kernel](tau, length_scale) + jitter * jnp.eye(num_frames)


def _whiten(chol: jax.Array, values: jax.Array) -> jax.Array:
  """L⁻¹ v for each trajectory v of `values` [..., T]."""
  flat = values.reshape(-1, values.shape[-1]).T
  return solve_triangular(chol, flat, lower=True).T.reshape(values.shape)


def _log_det(chol: jax.Array) -> jax.Array:
  return 2.0 * jnp.sum(jnp.log(jnp.diag(chol)))


def gp_log_density(z: jax.Array, chol: jax.Array) -> jax.Array:
  """log N(z; 0, L Lᵀ) = -½‖L⁻¹z‖² - ½ log|K| - (T/2) log 2π per trajectory.

  Args:
    z: trajectories [..., T].
    chol: lower Cholesky factor of the prior covariance, [T, T].

  Returns:
    [...].
  """
  num_frames = z.shape[-1]
  return (-0.5 * jnp.sum(jnp.square(_whiten(chol, z)), axis=-1) - 0.5 * _log_det(chol)
          - 0.5 * num_frames * np.log(2 * np.pi))


def diagonal_gaussian_kl_to_gp(mean: jax.Array, logvar: jax.Array, chol: jax.Array) -> jax.Array:
  """KL(N(μ, diag σ²) || N(0, K)) per trajectory, in closed form.

  The KL term of the GP-VAE ELBO (Fortuin et al. 2020, Sec. 3) for a posterior independent over time.

  KL = ½ [tr(K⁻¹ diag σ²) + μᵀK⁻¹μ - T + log|K| - Σ_t log σ²_t], with K⁻¹'s diagonal the
  squared column norms of L⁻¹.

  Args:
    mean: posterior means [..., T].
    logvar: posterior log-variances, same shape.
    chol: lower Cholesky factor of the prior covariance K, [T, T].

  Returns:
    [...].
  """
  num_frames = mean.shape[-1]
  inverse_chol = solve_triangular(chol, jnp.eye(num_frames, dtype=chol.dtype), lower=True)
  precision_diagonal = jnp.sum(jnp.square(inverse_chol), axis=0)
  trace = jnp.sum(jnp.exp(logvar) * precision_diagonal, axis=-1)
  mahalanobis = jnp.sum(jnp.square(_whiten(chol, mean)), axis=-1)
  return 0.5 * (trace + mahalanobis - num_frames + _log_det(chol) - jnp.sum(logvar, axis=-1))
