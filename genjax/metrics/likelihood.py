"""Log-likelihood bounds by importance sampling: the ELBO and the IWAE bound (Burda et al. 2016).

With importance weights w_i = p(x, z_i) / q(z_i | x), z_i ~ q(z | x), the k-sample bound is

  L_k(x) = log (1/k) sum_i w_i   (Burda et al. 2016, Eq. 8),

with E[L_1] the ELBO and E[L_k] <= E[L_{k+1}] <= log p(x) (their Theorem 1). Test NLL is reported
as -L_5000 (the DESIGN recipe). Randomness is per example and per sample: sample i of the data
set's n-th example is drawn with fold_in(fold_in(key, n), i), so an example's numbers depend on the
key, k and n only, never on the chunk size or on how the data set is batched (up to float rounding).
"""
from collections.abc import Callable
import functools
import math
from typing import Protocol

import jax
import jax.numpy as jnp
import numpy as np

# Scan steps per dispatch in `evaluate_likelihood`: k = 5000 at chunk 100 is one dispatch per batch.
CHUNKS_PER_DISPATCH = 50

# XLA:CPU's YNNPACK fusions take each chunk's sum of log p(x|z) over pixels together with the
# decoder's matmuls into one library call, which ran 3x slower than the matmuls alone in YNNPACK and
# the rest in XLA (the quickstart's k = 5000 NLL: 4.5 against 1.6 s on 2 cores, numbers equal to
# 1e-8). `evaluate_likelihood` compiles with these options where the backend takes them.
_CPU_OPTIONS = {'xla_cpu_experimental_ynn_fusion_type': 'LIBRARY_FUSION_TYPE_INDIVIDUAL_DOT'}

# (x [B, ...], key, num_samples) -> log w [B, num_samples], e.g. partial(vae.log_importance_weights, params).
LogWeightsFn = Callable[[jax.Array, jax.Array, int], jax.Array]


class ImportanceSampled(Protocol):
  """A latent-variable model with a proposal q(z|x), e.g. `VAE`."""

  def log_importance_weights(self, params: dict, x: jax.Array, key: jax.Array,
                             num_samples: int) -> jax.Array:
    """log p(x, z_i) - log q(z_i|x) for z_i ~ q(z|x), [B, num_samples]."""


def log_likelihood_bounds(log_weights_fn: LogWeightsFn, x: jax.Array, key: jax.Array, num_samples: int,
                          chunk: int = 100, first_index: int | jax.Array = 0) -> dict[str, jax.Array]:
  """Per-example ELBO estimate and IWAE bound from the same `num_samples` importance samples.

  Memory is bounded by `chunk` samples per example whatever `num_samples`: a `lax.scan` over
  chunks keeps a running logsumexp (for the IWAE bound) and a running sum (for the ELBO). Jittable
  with `num_samples` and `chunk` static.

  Args:
    log_weights_fn: log importance weights of `num_samples` samples drawn with `key`; called here
      on one example with one sample at a time (vmapped), so each sample has its own key.
    x: examples, [B, ...].
    key: the data set's key.
    num_samples: k >= 1, the number of importance samples per example.
    chunk: samples per example evaluated at once.
    first_index: the index of x[0] in the data set (sets the examples' keys).

  Returns:
    'elbo': mean_i log w_i, an unbiased ELBO estimate; 'iwae': L_k; both [B], in nats.
  """
  chunk = _checked_chunk(num_samples, chunk)
  sums = _accumulated(log_weights_fn, x, key, _no_samples(log_weights_fn, x, key), 0,
                      _rounded_up(num_samples, chunk), num_samples, chunk, first_index)
  return _bounds(sums, num_samples)


def _checked_chunk(num_samples: int, chunk: int) -> int:
  if num_samples < 1 or chunk < 1:
    raise ValueError(f'num_samples and chunk must be >= 1, got {num_samples} and {chunk}')
  return min(chunk, num_samples)


def _rounded_up(count: int, multiple: int) -> int:
  return -(-count // multiple) * multiple


def _chunk_log_weights(log_weights_fn: LogWeightsFn) -> Callable:
  """(x [B, ...], example keys [B], sample indices [C]) -> log w [B, C], one key per sample."""
  def one_log_weight(example: jax.Array, example_key: jax.Array, i: jax.Array) -> jax.Array:
    return log_weights_fn(example[None], jax.random.fold_in(example_key, i), 1)[0, 0]
  return jax.vmap(jax.vmap(one_log_weight, (None, None, 0)), (0, 0, None))


def _no_samples(log_weights_fn: LogWeightsFn, x: jax.Array, key: jax.Array) -> tuple[jax.Array, jax.Array]:
  """The running (logsumexp, sum) of log w before the first sample: (-inf, 0) per example."""
  dtype = jax.eval_shape(lambda example, key: log_weights_fn(example, key, 1), x[:1], key).dtype
  return jnp.full(x.shape[0], -jnp.inf, dtype), jnp.zeros(x.shape[0], dtype)


def _accumulated(log_weights_fn: LogWeightsFn, x: jax.Array, key: jax.Array,
                 sums: tuple[jax.Array, jax.Array], first_sample: int | jax.Array, span: int,
                 num_samples: int, chunk: int, first_index: int | jax.Array) -> tuple[jax.Array, jax.Array]:
  """`sums` updated with samples [first_sample, first_sample + span) that are below `num_samples`,
  `chunk` at a time (`span` a multiple of `chunk`); splitting the samples into spans leaves the
  result unchanged, bit for bit."""
  example_keys = jax.vmap(jax.random.fold_in, (None, 0))(key, first_index + jnp.arange(x.shape[0]))
  chunk_log_weights = _chunk_log_weights(log_weights_fn)

  def step(carry, start):
    lse, total = carry
    index = start + jnp.arange(chunk)
    valid = index < num_samples
    log_w = chunk_log_weights(x, example_keys, index)
    lse = jnp.logaddexp(lse, jax.nn.logsumexp(jnp.where(valid, log_w, -jnp.inf), axis=1))
    return (lse, total + jnp.where(valid, log_w, 0.0).sum(axis=1)), None

  sums, _ = jax.lax.scan(step, sums, first_sample + jnp.arange(0, span, chunk))
  return sums


def _bounds(sums: tuple[jax.Array, jax.Array], num_samples: int) -> dict[str, jax.Array]:
  lse, total = sums
  return {'elbo': total / num_samples, 'iwae': lse - math.log(num_samples)}


def iwae_bound(log_weights_fn: LogWeightsFn, x: jax.Array, key: jax.Array, num_samples: int,
               chunk: int = 100, first_index: int | jax.Array = 0) -> jax.Array:
  """L_k per example, [B] nats (Burda et al. 2016, Eq. 8); with k = 1, a one-sample ELBO estimate."""
  return log_likelihood_bounds(log_weights_fn, x, key, num_samples, chunk, first_index)['iwae']


def bits_per_dim(nll_nats: float | jax.Array, num_dims: int) -> float | jax.Array:
  """NLL in bits per dimension: nll / (D ln 2)."""
  return nll_nats / (num_dims * math.log(2.0))


@functools.cache
def _compiler_options() -> dict | None:
  """`_CPU_OPTIONS` on a CPU whose XLA knows them; None (XLA's defaults) elsewhere."""
  if jax.default_backend() != 'cpu':
    return None
  try:
    jax.jit(lambda: 0, compiler_options=_CPU_OPTIONS).lower().compile()
  except jax.errors.JaxRuntimeError:
    return None
  return _CPU_OPTIONS


def evaluate_likelihood(method: ImportanceSampled, params: dict, x: jax.Array, key: jax.Array,
                        num_samples: int, batch_size: int, chunk: int = 100,
                        levels: int = 0) -> dict[str, float]:
  """Data-set means of the ELBO and the IWAE bound, the NLL (-IWAE) and bits/dim.

  Batches are padded to `batch_size` (one compilation) and per-example results summed in float64,
  so the numbers do not depend on `batch_size` beyond float rounding. Each dispatch draws at most
  `chunk * CHUNKS_PER_DISPATCH` samples per example and is waited for, so a stop signal is handled
  within one dispatch's compute however large k is; the spans do not change the numbers.

  bits/dim: with `levels` = 0, the model's own density on the data as given (right for binary
  data under a Bernoulli decoder). For continuous data holding `levels` quantization levels scaled
  to [0, 1], `levels` > 0 reports the discrete convention of Theis et al. 2016 (Sec. 3.1) and Real
  NVP (Dinh et al. 2017): (nll + D log levels) / (D ln 2), the bits of data in {0, ..., levels - 1}
  under the dequantized density; meaningful when the model was fit to dequantized data.
  'nll_nats' is always the density's on the data as given.

  Args:
    method: the model, e.g. a `VAE`.
    params: its parameters.
    x: the data set, [N, ...].
    key: the evaluation key.
    num_samples: k, importance samples per example (5000 in the DESIGN recipe).
    batch_size: examples per dispatch.
    chunk: samples per example per scan step (memory ~ batch_size * chunk decoder outputs).
    levels: quantization levels of continuous data in [0, 1]; 0 for none.

  Returns:
    elbo, iwae, nll_nats, bits_per_dim, num_samples, count.
  """
  count = x.shape[0]
  if count < 1 or batch_size < 1:
    raise ValueError(f'need at least one example and batch_size >= 1, got {count} and {batch_size}')
  batch_size = min(batch_size, count)
  chunk = _checked_chunk(num_samples, chunk)
  span = min(_rounded_up(num_samples, chunk), chunk * CHUNKS_PER_DISPATCH)
  log_weights_fn = functools.partial(method.log_importance_weights, params)

  @functools.partial(jax.jit, compiler_options=_compiler_options())
  def more_samples(sums, batch, key, first_sample, first_index):
    return _accumulated(log_weights_fn, batch, key, sums, first_sample, span, num_samples, chunk, first_index)

  no_samples = _no_samples(log_weights_fn, jnp.asarray(x[:batch_size]), key)  # Every batch is padded to this size.
  totals = {'elbo': 0.0, 'iwae': 0.0}
  for start in range(0, count, batch_size):
    batch = jnp.asarray(x[start:start + batch_size])
    size = batch.shape[0]
    batch = jnp.pad(batch, [(0, batch_size - size)] + [(0, 0)] * (batch.ndim - 1), mode='edge')
    sums = no_samples
    for first_sample in range(0, num_samples, span):
      # One bounded dispatch at a time: a stop signal is handled within one span's compute.
      sums = jax.block_until_ready(more_samples(sums, batch, key, first_sample, start))
    for name, values in _bounds(sums, num_samples).items():
      totals[name] += np.asarray(values[:size], np.float64).sum()
  elbo, iwae = totals['elbo'] / count, totals['iwae'] / count
  num_dims = math.prod(x.shape[1:])
  nll = -iwae
  return {'elbo': elbo, 'iwae': iwae, 'nll_nats': nll,
          'bits_per_dim': bits_per_dim(nll + num_dims * math.log(levels) if levels else nll, num_dims),
          'num_samples': num_samples, 'count': count}
