"""Kernel Inception Distance: unbiased MMD^2 with a cubic polynomial kernel, over random subsets."""
import functools

import jax
import numpy as np
from numpy.typing import ArrayLike


def _polynomial_kernel(x: np.ndarray, y: np.ndarray) -> np.ndarray:
  """k(x, y) = (x . y / d + 1)^3 for all pairs of rows."""
  return (x @ y.T / x.shape[1] + 1.0) ** 3


def _unbiased_mmd2(x: np.ndarray, y: np.ndarray) -> float:
  """Unbiased MMD^2 estimate from two samples of m rows each.

  Gretton et al. 2012, Eq. 3, as used by Bińkowski et al. 2018 (Eq. 3/4): the diagonals
  k(x_i, x_i) and k(y_i, y_i) are left out of the within-sample means; the cross mean keeps every
  pair, as x and y are independent.
  """
  m = x.shape[0]
  k_xx, k_yy = _polynomial_kernel(x, x), _polynomial_kernel(y, y)
  within = (k_xx.sum() - np.trace(k_xx) + k_yy.sum() - np.trace(k_yy)) / (m * (m - 1))
  return float(within - 2.0 * _polynomial_kernel(x, y).mean())


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4))
def _subset_indices(key: jax.Array, num_real: int, num_fake: int, num_subsets: int,
                    subset_size: int) -> tuple[jax.Array, jax.Array]:
  """[num_subsets, subset_size] row indices into each sample, drawn without replacement."""
  def draw(keys: jax.Array, n: int) -> jax.Array:
    return jax.vmap(lambda k: jax.random.choice(k, n, (subset_size,), replace=False))(keys)
  real_keys, fake_keys = jax.random.split(key, (2, num_subsets))
  return draw(real_keys, num_real), draw(fake_keys, num_fake)


def kernel_inception_distance(real: ArrayLike, fake: ArrayLike, num_subsets: int = 100,
                              subset_size: int = 1000, seed: int = 0) -> tuple[float, float]:
  """KID (Bińkowski et al. 2018): mean and std of the unbiased MMD^2 over random subsets.

  Each subset draws `subset_size` rows of `real` and of `fake` without replacement (keys from
  `seed`). Kernels are computed in float64: MMD^2 is a small difference of large kernel means.
  The estimate is unbiased, so it can be negative when the two distributions agree.

  Args:
    real: features [N, D].
    fake: features [M, D].
    num_subsets: number of subsets to average over.
    subset_size: rows per subset, at most min(N, M).
    seed: seed of the subset draws; the same seed gives the same numbers.

  Returns:
    (mean, std) of the per-subset estimates (std with ddof 0, spread rather than standard error).
  """
  real, fake = np.asarray(real, np.float64), np.asarray(fake, np.float64)
  if real.ndim != 2 or fake.ndim != 2 or real.shape[1] != fake.shape[1]:
    raise ValueError(f'features must be [N, D] and [M, D], got {real.shape} and {fake.shape}')
  smaller = min(len(real), len(fake))
  if not 2 <= subset_size <= smaller:
    raise ValueError(f'subset_size {subset_size} must be in [2, {smaller}], the smaller sample '
                     f'({len(real)} real, {len(fake)} fake)')
  real_rows, fake_rows = map(np.asarray, _subset_indices(
      jax.random.key(seed), len(real), len(fake), num_subsets, subset_size))
  estimates = [_unbiased_mmd2(real[r], fake[f]) for r, f in zip(real_rows, fake_rows)]
  return float(np.mean(estimates)), float(np.std(estimates))
