"""Spectral normalization (Miyato et al. 2018) and BigGAN's conditional batch norm (Brock et al. 2019)."""
from collections.abc import Callable
import functools

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.nets import ConditionalBatchNorm
from genjax.nets.normalization import batch_norm, maybe_spectral_norm


class _Normalized(nn.Module):
  """One spectrally normalized layer, as the nets wrap theirs."""
  make_layer: Callable[..., nn.Module]

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    return maybe_spectral_norm(self.make_layer(name='layer'), True, train)(x)


def _power_iterate(module: nn.Module, x: jax.Array, steps: int):
  """Variables after `steps` training-mode calls, each one power iteration."""
  @jax.jit
  def run(variables):
    def step(_, stats):
      _, updates = module.apply({**variables, **stats}, x, train=True, mutable=['batch_stats'])
      return updates
    return {**variables, **jax.lax.fori_loop(0, steps, step, {'batch_stats': variables['batch_stats']})}
  return run(module.init(jax.random.key(0), x, train=False))


@pytest.mark.parametrize('make_layer,in_shape', [(functools.partial(nn.Dense, 5), (2, 7)),
                                                 (functools.partial(nn.Conv, 4, (3, 3)), (2, 5, 5, 3))])
def test_sigma_is_the_largest_singular_value(make_layer, in_shape):
  module = _Normalized(make_layer)
  variables = _power_iterate(module, jnp.ones(in_shape), steps=100)
  kernel = np.asarray(variables['params']['layer']['kernel'])
  stats = variables['batch_stats']['SpectralNorm_0']
  assert stats['layer/kernel/u'].shape == (1, kernel.shape[-1])
  # flax reshapes a kernel to [prod(leading axes), out] before the power iteration.
  largest = np.linalg.svd(kernel.reshape(-1, kernel.shape[-1]), compute_uv=False)[0]
  np.testing.assert_allclose(stats['layer/kernel/sigma'], largest, rtol=1e-3)


def test_normalized_kernel_has_spectral_norm_one():
  module = _Normalized(functools.partial(nn.Dense, 5))
  variables = _power_iterate(module, jnp.ones((2, 7)), steps=100)
  # The dense layer applied to the identity reads out its normalized kernel (plus its bias).
  normalized = module.apply(variables, jnp.eye(7), train=False) - variables['params']['layer']['bias']
  np.testing.assert_allclose(np.linalg.svd(normalized, compute_uv=False)[0], 1.0, atol=1e-3)
  raw = np.linalg.svd(variables['params']['layer']['kernel'], compute_uv=False)[0]
  assert abs(raw - 1.0) > 0.1  # So the test above is not trivially true.


def test_power_iteration_state_is_updated_only_in_training():
  module = _Normalized(functools.partial(nn.Dense, 5))
  x = jnp.ones((2, 7))
  variables = module.init(jax.random.key(0), x, train=False)
  _, frozen = module.apply(variables, x, train=False, mutable=['batch_stats'])
  chex.assert_trees_all_equal(frozen['batch_stats'], variables['batch_stats'])
  _, updated = module.apply(variables, x, train=True, mutable=['batch_stats'])
  changed = jax.tree.map(lambda a, b: bool(jnp.any(a != b)), updated['batch_stats'], variables['batch_stats'])
  assert all(jax.tree.leaves(changed))  # u and sigma


class _PlainBatchNorm(nn.Module):
  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    return batch_norm(train, None)(x)


@pytest.fixture(scope='module')
def cbn_inputs():
  x = 3 + 2 * jax.random.normal(jax.random.key(1), (6, 4, 4, 5))
  cond = jax.random.normal(jax.random.key(2), (6, 7))
  return x, cond


def test_zero_projections_give_plain_batch_norm(cbn_inputs):
  x, cond = cbn_inputs
  cbn = ConditionalBatchNorm()
  variables = cbn.init(jax.random.key(0), x, cond)
  assert set(variables['params']) == {'gain', 'bias'}  # No unconditional scale or bias.
  zero = {**variables, 'params': jax.tree.map(jnp.zeros_like, variables['params'])}
  plain = _PlainBatchNorm()
  plain_variables = plain.init(jax.random.key(0), x)
  out, stats = cbn.apply(zero, x, cond, mutable=['batch_stats'])
  expected, expected_stats = plain.apply(plain_variables, x, mutable=['batch_stats'])
  chex.assert_trees_all_close(out, expected, atol=1e-5)
  chex.assert_trees_all_close(stats, expected_stats)  # The same running statistics.
  chex.assert_trees_all_close(cbn.apply({**zero, **stats}, x, cond, train=False),
                              plain.apply({**plain_variables, **expected_stats}, x, train=False),
                              atol=1e-5)


def test_gain_and_bias_are_linear_in_the_conditioning_vector(cbn_inputs):
  x, cond = cbn_inputs
  cbn = ConditionalBatchNorm()
  variables = cbn.init(jax.random.key(0), x, cond)
  params = variables['params']
  normalized = _PlainBatchNorm().apply(_PlainBatchNorm().init(jax.random.key(0), x), x,
                                       mutable=['batch_stats'])[0]
  gain = 1 + cond @ params['gain']['kernel']
  bias = cond @ params['bias']['kernel']
  expected = normalized * gain[:, None, None] + bias[:, None, None]
  out, _ = cbn.apply(variables, x, cond, mutable=['batch_stats'])
  chex.assert_trees_all_close(out, expected, atol=1e-5)


def test_two_classes_give_different_outputs_for_the_same_input(cbn_inputs):
  x, _ = cbn_inputs
  embedding = jax.random.normal(jax.random.key(3), (2, 7))  # Two classes' conditioning vectors.
  cbn = ConditionalBatchNorm(spectral_norm=True)
  variables = cbn.init(jax.random.key(0), x, embedding[jnp.zeros(6, int)], train=False)
  out = [cbn.apply(variables, x, embedding[jnp.full(6, c)], train=False) for c in (0, 1)]
  assert not np.allclose(out[0], out[1], atol=1e-3)
  chex.assert_shape(out, x.shape)
