"""Shapes, dtypes and structure of the MLP nets."""
import functools

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import pytest

from genjax.nets import MLP, Maxout, MLPDecoder, MLPDiscriminator, MLPEncoder, MLPGenerator

# Points (2-D toys), sklearn digits, 16x16, MNIST, CIFAR-sized images.
SHAPES = [(2,), (8, 8, 1), (16, 16, 1), (28, 28, 1), (32, 32, 3)]
BATCH, LATENT = 3, 4


def _shapes(module: nn.Module, x: jax.Array):
  """(output, variables) as shapes and dtypes, computed without running the net."""
  return jax.eval_shape(module.init_with_output, jax.random.key(0), x)


def _init_apply(module: nn.Module, x: jax.Array):
  variables = module.init(jax.random.key(0), x)
  return variables, module.apply(variables, x)


def test_mlp_activates_between_layers_only():
  x = jax.random.normal(jax.random.key(1), (16, 5))
  _, y = _init_apply(MLP((8, 3)), x)
  chex.assert_shape(y, (16, 3))
  assert jnp.any(y < 0)  # no ReLU after the last layer
  _, y = _init_apply(MLP((8, 3), activate_final=True), x)
  assert jnp.all(y >= 0)


@pytest.mark.parametrize('shape', SHAPES)
def test_encoder_shapes(shape):
  (mean, logvar), _ = _shapes(MLPEncoder((16, 8), LATENT), jnp.ones((BATCH, *shape)))
  chex.assert_shape([mean, logvar], (BATCH, LATENT))
  chex.assert_type([mean, logvar], jnp.float32)


def test_encoder_heads_share_one_trunk():
  _, variables = _shapes(MLPEncoder((16, 8), LATENT), jnp.ones((BATCH, 2)))
  params = variables['params']
  assert set(params) == {'trunk', 'head'}
  assert set(params['trunk']) == {'Dense_0', 'Dense_1'}
  assert set(params['head']) == {'mean', 'logvar'}
  chex.assert_shape([params['head']['mean']['kernel'], params['head']['logvar']['kernel']],
                    (8, LATENT))


@pytest.mark.parametrize('shape', SHAPES)
def test_decoder_generator_and_discriminator_shapes(shape):
  z = jnp.ones((BATCH, LATENT))
  for module in (MLPDecoder((16,), shape), MLPGenerator((16,), shape, output_activation='tanh')):
    x, _ = _shapes(module, z)
    chex.assert_shape(x, (BATCH, *shape))
    chex.assert_type(x, jnp.float32)
  logits, _ = _shapes(MLPDiscriminator((16, 8)), jnp.ones((BATCH, *shape)))
  chex.assert_shape(logits, (BATCH,))
  chex.assert_type(logits, jnp.float32)


@pytest.mark.parametrize('module,in_shape', [
    (MLPEncoder((8,), LATENT), (BATCH, 2)), (MLPDecoder((8,), (2,)), (BATCH, LATENT)),
    (MLPGenerator((8,), (2,)), (BATCH, LATENT)), (MLPDiscriminator((8,)), (BATCH, 2))])
def test_players_take_train_like_the_batch_norm_nets(module: nn.Module, in_shape):
  out, variables = jax.eval_shape(functools.partial(module.init_with_output, train=False),
                                  jax.random.key(0), jnp.ones(in_shape))
  chex.assert_trees_all_equal_shapes(out, _shapes(module, jnp.ones(in_shape))[0])
  assert set(variables) == {'params'}


def test_generator_is_the_decoder_plus_output_activation():
  z = jax.random.normal(jax.random.key(1), (BATCH, LATENT))
  variables, x = _init_apply(MLPDecoder((16,), (4, 4, 1)), z)
  for activation, expected in (('none', x), ('tanh', jnp.tanh(x))):
    generator = MLPGenerator((16,), (4, 4, 1), output_activation=activation)
    chex.assert_trees_all_close(generator.apply(variables, z), expected)


def test_generator_widths_are_configurable():
  _, variables = _shapes(MLPGenerator((400,) * 4, (2,)), jnp.ones((BATCH, LATENT)))
  kernels = [layer['kernel'].shape for layer in variables['params']['MLP_0'].values()]
  assert kernels == [(LATENT, 400)] + [(400, 400)] * 3 + [(400, 2)]  # PacGAN's 2-D generator


def test_generator_rejects_unknown_output_activation():
  with pytest.raises(ValueError, match='sigmoid'):
    _shapes(MLPGenerator((4,), (2,), output_activation='sigmoid'), jnp.ones((1, LATENT)))


def test_compute_dtype():
  (mean, _), variables = _shapes(MLPEncoder((8,), LATENT, dtype=jnp.bfloat16),
                                 jnp.ones((BATCH, 2)))
  chex.assert_type(mean, jnp.bfloat16)
  chex.assert_type(jax.tree.leaves(variables), jnp.float32)


def test_maxout_is_the_max_of_its_pieces():
  """Goodfellow et al. 2013, Eq. 1: unit i is max_j (x W_ij + b_ij), pieces adjacent in the Dense."""
  x = jax.random.normal(jax.random.key(1), (6, 5))
  variables, y = _init_apply(Maxout(4, pieces=3), x)
  dense = variables['params']['Dense_0']
  pieces = (x @ dense['kernel'] + dense['bias']).reshape(6, 4, 3)
  chex.assert_trees_all_close(y, pieces.max(axis=-1))


def test_pacgan_toy_players():
  """G: batch norm after each hidden Dense (its statistics move in training, not in sampling);
  D: 3 x 200 maxout units of 5 pieces, then one logit."""
  generator = MLPGenerator((400,) * 4, (2,), use_batchnorm=True)
  z = jax.random.normal(jax.random.key(1), (BATCH, LATENT))
  variables = generator.init(jax.random.key(0), z)
  assert len(variables['batch_stats']['MLP_0']) == 4
  _, updates = generator.apply(variables, z, mutable=['batch_stats'])
  assert not jnp.allclose(updates['batch_stats']['MLP_0']['BatchNorm_0']['mean'], 0)
  chex.assert_shape(generator.apply(variables, z, train=False), (BATCH, 2))
  _, variables = _shapes(MLPDiscriminator((200,) * 3, activation='maxout', maxout_pieces=5), jnp.ones((BATCH, 2)))
  kernels = [variables['params'][f'maxout_{i}']['Dense_0']['kernel'].shape for i in range(3)]
  assert kernels == [(2, 1000), (200, 1000), (200, 1000)]
  assert variables['params']['logit']['kernel'].shape == (200, 1)
