"""Precision, recall, density and coverage from k-nearest-neighbour balls around samples.

A sample's ball is centred on it with radius the distance to its k-th nearest neighbour in its own
set (itself excluded), and a point is in the ball when its distance is <= that radius. Distances
are exact (brute force in float32, no approximate search) and computed by `jax.lax.map` over
chunks of `chunk_size` query rows, so memory is O(chunk_size * N); the chunk size changes no result
(bar float32 round-off deciding a point that lies exactly on a ball's boundary).
"""
import functools

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike


def _squared_distances(row: jax.Array, points: jax.Array, points_sq: jax.Array) -> jax.Array:
  """||row - p||^2 for each row p of `points` [M, D], from the norms `points_sq` [M]."""
  cross = jnp.dot(points, row, precision=jax.lax.Precision.HIGHEST)
  return jnp.maximum(row @ row + points_sq - 2.0 * cross, 0.0)


def _kth_smallest_sq(queries: jax.Array, points: jax.Array, kth: int, chunk_size: int) -> jax.Array:
  """Per query, its `kth` smallest (0-based) squared distance to `points`."""
  points_sq = jnp.sum(points**2, axis=1)
  def kth_smallest(row: jax.Array) -> jax.Array:
    dist = _squared_distances(row, points, points_sq)
    # Drops the minimum `kth` times: O(kth * M), ~10x faster on CPU than lax.top_k for small kth.
    dist = jax.lax.fori_loop(0, kth, lambda _, d: d.at[jnp.argmin(d)].set(jnp.inf), dist)
    return jnp.min(dist)
  return jax.lax.map(kth_smallest, queries, batch_size=chunk_size)


def _balls_containing(queries: jax.Array, centres: jax.Array, radii_sq: jax.Array,
                      chunk_size: int) -> jax.Array:
  """Per query, the number of balls (centres [M, D], squared radii [M]) that contain it."""
  centres_sq = jnp.sum(centres**2, axis=1)
  def count(row: jax.Array) -> jax.Array:
    return jnp.sum(_squared_distances(row, centres, centres_sq) <= radii_sq)
  return jax.lax.map(count, queries, batch_size=chunk_size)


def _checked(real: ArrayLike, fake: ArrayLike, k: int, *,
             fake_balls: bool) -> tuple[jax.Array, jax.Array]:
  """`real` and `fake` as float32 arrays, once their shapes and k are checked."""
  real, fake = jnp.asarray(real, jnp.float32), jnp.asarray(fake, jnp.float32)
  if real.ndim != 2 or fake.ndim != 2 or real.shape[1] != fake.shape[1]:
    raise ValueError(f'features must be [N, D] and [M, D], got {real.shape} and {fake.shape}')
  smallest = min(len(real), len(fake)) if fake_balls else len(real)
  if not 1 <= k < smallest:
    raise ValueError(f'k {k} must be in [1, {smallest - 1}] for {len(real)} real, {len(fake)} fake')
  # Centred on the real mean: smaller norms, less cancellation in the float32 distances.
  centre = real.mean(axis=0)
  return real - centre, fake - centre


@functools.partial(jax.jit, static_argnames=('k', 'chunk_size'))
def _precision_recall(real: jax.Array, fake: jax.Array, k: int,
                      chunk_size: int) -> tuple[jax.Array, jax.Array]:
  # A sample's own distance 0 is its 0th smallest, so the k-th is its k-th nearest neighbour.
  real_radii_sq = _kth_smallest_sq(real, real, k, chunk_size)
  fake_radii_sq = _kth_smallest_sq(fake, fake, k, chunk_size)
  precision = _balls_containing(fake, real, real_radii_sq, chunk_size) > 0
  recall = _balls_containing(real, fake, fake_radii_sq, chunk_size) > 0
  return precision.mean(), recall.mean()


@functools.partial(jax.jit, static_argnames=('k', 'chunk_size'))
def _density_coverage(real: jax.Array, fake: jax.Array, k: int,
                      chunk_size: int) -> tuple[jax.Array, jax.Array]:
  radii_sq = _kth_smallest_sq(real, real, k, chunk_size)
  density = _balls_containing(fake, real, radii_sq, chunk_size).sum() / (k * len(fake))
  coverage = _kth_smallest_sq(real, fake, 0, chunk_size) <= radii_sq
  return density, coverage.mean()


def precision_recall(real: ArrayLike, fake: ArrayLike, k: int = 3,
                     chunk_size: int = 1024) -> tuple[float, float]:
  """Improved precision and recall (Kynkäänniemi et al. 2019, Eq. 1-2).

  Precision is the fraction of fake samples inside the k-NN ball of at least one real sample;
  recall is the fraction of real samples inside the k-NN ball of at least one fake sample.

  Args:
    real: features [N, D].
    fake: features [M, D].
    k: neighbour defining each ball's radius, 1 <= k < min(N, M).
    chunk_size: query rows per chunk of the distance computation.

  Returns:
    (precision, recall), each in [0, 1].
  """
  precision, recall = _precision_recall(*_checked(real, fake, k, fake_balls=True), k, chunk_size)
  return float(precision), float(recall)


def density_coverage(real: ArrayLike, fake: ArrayLike, k: int = 5,
                     chunk_size: int = 1024) -> tuple[float, float]:
  """Density and coverage (Naeem et al. 2020), from k-NN balls of real samples only.

  Density = 1/(kM) sum_j sum_i 1[Y_j in B(X_i, NND_k(X_i))]: the mean number of real balls holding a
  fake sample, over k; it is 1 in expectation when both sets come from the same distribution and
  is unbounded above. Coverage = 1/N sum_i 1[some Y_j in B(X_i, NND_k(X_i))]: the fraction of real
  balls holding a fake sample, that is whose nearest fake sample is within the radius.

  Args:
    real: features [N, D].
    fake: features [M, D].
    k: neighbour defining each ball's radius, 1 <= k < N.
    chunk_size: query rows per chunk of the distance computation.

  Returns:
    (density, coverage); coverage is in [0, 1].
  """
  density, coverage = _density_coverage(*_checked(real, fake, k, fake_balls=False), k, chunk_size)
  return float(density), float(coverage)
