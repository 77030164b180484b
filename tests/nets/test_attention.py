"""SAGAN's self-attention block (Zhang et al. 2019, Sec. 3) and where the stacks insert it."""
import functools

import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.errors import GenjaxError
from genjax.nets import DCGANDiscriminator, DCGANGenerator, SelfAttentionBlock

X = jax.random.normal(jax.random.key(1), (2, 3, 4, 16))


@pytest.mark.parametrize('spectral_norm', [False, True])
@pytest.mark.parametrize('train', [False, True])
def test_fresh_block_is_the_identity(spectral_norm, train):
  block = SelfAttentionBlock(spectral_norm)
  variables = block.init(jax.random.key(0), X, train=False)
  assert variables['params']['gamma'] == 0
  out, _ = block.apply(variables, X, train=train, mutable=['batch_stats'])
  chex.assert_trees_all_equal(out, X)


def test_output_is_gamma_times_attention_plus_input():
  """y_j = γ o_j + x_j, o_j = v(sum_i softmax_i(f(x_i)·g(x_j)) h(x_i)), written out in numpy."""
  block = SelfAttentionBlock()
  params = block.init(jax.random.key(0), X)['params']
  params = {**params, 'gamma': jnp.array(0.7)}
  conv = lambda name, x: x @ np.asarray(params[name]['kernel']) + np.asarray(params[name]['bias'])
  x = np.asarray(X).reshape(2, 12, 16)
  f, g, h = (conv(name, x) for name in 'fgh')
  assert f.shape == g.shape == h.shape == (2, 12, 2)  # C/8 channels
  scores = np.einsum('bic,bjc->bji', f, g)
  beta = np.exp(scores - scores.max(-1, keepdims=True))
  beta /= beta.sum(-1, keepdims=True)
  expected = 0.7 * conv('v', np.einsum('bji,bic->bjc', beta, h)) + x
  np.testing.assert_allclose(block.apply({'params': params}, X), expected.reshape(X.shape),
                             rtol=1e-5, atol=1e-5)


def test_gradients_are_those_through_a_softmax():
  block = SelfAttentionBlock()
  params = {**block.init(jax.random.key(0), X)['params'], 'gamma': jnp.array(0.7)}

  def reference(params, x):
    conv = lambda name, x: x @ params[name]['kernel'] + params[name]['bias']
    pixels = x.reshape(2, 12, 16)
    f, g, h = (conv(name, pixels) for name in 'fgh')
    beta = jax.nn.softmax(jnp.einsum('bic,bjc->bji', f, g), axis=-1)
    return params['gamma'] * conv('v', beta @ h).reshape(x.shape) + x

  cotangent = jax.random.normal(jax.random.key(2), X.shape)
  loss = lambda fn: jax.grad(lambda p, x: jnp.sum(fn(p, x) * cotangent), argnums=(0, 1))(params, X)
  chex.assert_trees_all_close(loss(lambda p, x: block.apply({'params': p}, x)), loss(reference),
                              rtol=1e-4, atol=1e-5)


def _param_shapes(module, x):
  init = functools.partial(module.init, train=False)
  return jax.tree.map(lambda p: p.shape, jax.eval_shape(init, jax.random.key(0), x)['params'])


def test_stacks_attend_at_the_hidden_resolution_asked_for():
  shapes = _param_shapes(DCGANGenerator((28, 28, 1), attention_resolution=14), jnp.ones((2, 4)))
  assert shapes['SelfAttentionBlock_0']['v']['kernel'] == (8, 64)  # The 14x14x64 layer.
  shapes = _param_shapes(DCGANGenerator((28, 28, 1), attention_resolution=7), jnp.ones((2, 4)))
  assert shapes['SelfAttentionBlock_0']['v']['kernel'] == (16, 128)  # The 7x7x128 base.
  shapes = _param_shapes(DCGANDiscriminator(attention_resolution=14), jnp.ones((2, 28, 28, 1)))
  assert shapes['trunk']['SelfAttentionBlock_0']['v']['kernel'] == (8, 64)
  assert sum('SelfAttentionBlock' in name for name in shapes['trunk']) == 1


@pytest.mark.parametrize('module,x,heights', [
    (DCGANGenerator((28, 28, 1), attention_resolution=28), jnp.ones((2, 4)), '7, 14'),
    (DCGANDiscriminator(attention_resolution=28), jnp.ones((2, 28, 28, 1)), '14, 7'),
])
def test_resolution_without_a_hidden_feature_map_is_an_error(module, x, heights):
  with pytest.raises(GenjaxError, match=f'^attention_resolution 28 is not 0 or the height of a hidden '
                                        f'feature map: {heights}') as info:
    _param_shapes(module, x)
  assert str(info.value).endswith(heights)
