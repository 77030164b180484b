"""Parzen-window log-likelihood (Breuleux et al. 2011), the protocol of Goodfellow et al. 2014 and AAE.

A Gaussian kernel density with bandwidth σ is fit on N generated samples s_i and evaluated on
test data x (D dimensions):

  log p(x) = logsumexp_i(-||x - s_i||² / (2σ²)) - log N - (D/2) log(2πσ²),

with σ the grid value of highest mean log-likelihood on a validation split (Goodfellow et al.
2014, Sec. 5; Makhzani et al. 2016, Sec. 3.1). Theis et al. 2016 (Sec. 3.2) show the estimate is
a poor proxy for the likelihood in high dimensions; report it only to compare with those tables.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np
from numpy.typing import ArrayLike


def _blocks(points: jax.Array, size: int) -> jax.Array:
  """[N, D] -> [ceil(N / size), size, D], zero-padded at the end."""
  num = -(-points.shape[0] // size)
  return jnp.pad(points, ((0, num * size - points.shape[0]), (0, 0))).reshape(num, size, -1)


@functools.partial(jax.jit, static_argnames=('x_chunk', 'sample_chunk'))
def _log_density(samples: jax.Array, x: jax.Array, sigmas: jax.Array, x_chunk: int,
                 sample_chunk: int) -> jax.Array:
  """[G, M]: the log density at each of M points under each of G bandwidths."""
  center = samples.mean(axis=0)  # Distances are shift invariant; centring cuts float32 cancellation.
  samples, x = samples - center, x - center
  num_samples, num_dims = samples.shape
  sample_chunk, x_chunk = min(sample_chunk, num_samples), min(x_chunk, x.shape[0])
  sample_blocks = _blocks(samples, sample_chunk)
  valid = (jnp.arange(sample_blocks.shape[0] * sample_chunk) < num_samples).reshape(-1, sample_chunk)
  scale = 0.5 / jnp.square(sigmas)[:, None, None]

  def block_log_sum(x_block: jax.Array) -> jax.Array:  # [X, D] -> [G, X]
    def step(lse, block):
      s, ok = block
      cross = jnp.dot(x_block, s.T, precision=jax.lax.Precision.HIGHEST)
      sq_dist = jnp.maximum(jnp.sum(x_block**2, 1)[:, None] - 2 * cross + jnp.sum(s**2, 1), 0.0)
      log_kernel = jnp.where(ok, -scale * sq_dist, -jnp.inf)
      return jnp.logaddexp(lse, jax.nn.logsumexp(log_kernel, axis=-1)), None

    init = jnp.full((sigmas.shape[0], x_block.shape[0]), -jnp.inf, x_block.dtype)
    return jax.lax.scan(step, init, (sample_blocks, valid))[0]

  log_sums = jax.lax.map(block_log_sum, _blocks(x, x_chunk))  # [X blocks, G, X]
  log_sums = jnp.moveaxis(log_sums, 1, 0).reshape(sigmas.shape[0], -1)[:, :x.shape[0]]
  log_norm = jnp.log(num_samples) + 0.5 * num_dims * jnp.log(2 * jnp.pi * jnp.square(sigmas))
  return log_sums - log_norm[:, None]


def parzen_log_density(samples: ArrayLike, x: ArrayLike, sigmas: ArrayLike, x_chunk: int = 1000,
                       sample_chunk: int = 1000) -> jax.Array:
  """Per-point Parzen log density, [*sigmas.shape, M] nats (the module's formula).

  Memory holds the inputs and G·x_chunk·sample_chunk kernel values: a running logsumexp runs over
  chunks of samples, test points go through in chunks.

  Args:
    samples: N generated samples, [N, ...].
    x: M points to evaluate, [M, ...] (same trailing shape).
    sigmas: one bandwidth, or a 1-D grid of them (all evaluated from the same distances).
    x_chunk: test points per chunk.
    sample_chunk: samples per chunk.

  Raises:
    ValueError: for no samples, no points, a chunk < 1 or a bandwidth that is not positive.
  """
  samples, x = jnp.asarray(samples, jnp.float32), jnp.asarray(x, jnp.float32)
  sigmas = np.asarray(sigmas, np.float32)
  if samples.shape[0] == 0 or x.shape[0] == 0:
    raise ValueError(f'Parzen window needs samples and points, got {samples.shape[0]} and {x.shape[0]}')
  if sigmas.ndim > 1 or sigmas.size == 0 or not np.all(sigmas > 0):
    raise ValueError(f'Parzen sigmas must be one or a non-empty 1-D grid of positive values, got '
                     f'{sigmas.tolist()}')
  if x_chunk < 1 or sample_chunk < 1:
    raise ValueError(f'Parzen chunks must be >= 1, got {x_chunk} and {sample_chunk}')
  log_density = _log_density(samples.reshape(samples.shape[0], -1), x.reshape(x.shape[0], -1),
                             jnp.asarray(sigmas.reshape(-1)), x_chunk=x_chunk, sample_chunk=sample_chunk)
  return log_density.reshape(*sigmas.shape, x.shape[0])


def parzen_log_likelihood(samples: ArrayLike, validation: ArrayLike, test: ArrayLike, sigmas: ArrayLike,
                          x_chunk: int = 1000, sample_chunk: int = 1000) -> dict[str, float]:
  """Mean test log-likelihood (nats) and its standard error at the validation-selected σ.

  Args:
    samples: generated samples, [N, ...].
    validation: held-out data that picks σ, [V, ...].
    test: test data, [M, ...].
    sigmas: 1-D grid of bandwidths (Goodfellow et al. use 10 values log-spaced in [0.1, 1] on MNIST
      in [0, 1]); a selected σ at either end of the grid means the grid should be widened.
    x_chunk: data points per chunk.
    sample_chunk: samples per chunk.

  Returns:
    mean, std_error (sample std / sqrt(M); NaN for M = 1) and the selected sigma.
  """
  sigmas = np.asarray(sigmas, np.float32)
  if sigmas.ndim != 1:
    raise ValueError(f'Parzen sigmas must be a 1-D grid, got shape {sigmas.shape}')
  chunks = dict(x_chunk=x_chunk, sample_chunk=sample_chunk)
  validation_means = parzen_log_density(samples, validation, sigmas, **chunks).mean(axis=1)
  sigma = sigmas[int(jnp.argmax(validation_means))]
  test_values = np.asarray(parzen_log_density(samples, test, sigma, **chunks), np.float64)
  std_error = test_values.std(ddof=1) / np.sqrt(test_values.size) if test_values.size > 1 else np.nan
  return {'mean': float(test_values.mean()), 'std_error': float(std_error), 'sigma': float(sigma)}
