"""BigGAN-style players (Brock et al. 2019) at MNIST scale: shapes, structure, a finite training step."""
import functools

import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import traverse_util

from genjax.nets import BigGANDiscriminator, BigGANGenerator

BATCH, LATENT, CLASSES = 4, 8, 10
LABELS = jnp.arange(BATCH) % CLASSES


def _init(module, x, labels):
  init = functools.partial(module.init_with_output, train=False)
  return jax.eval_shape(init, jax.random.key(0), x, labels)


def _num_sigmas(variables) -> int:
  """How many weight matrices are spectrally normalized: one sigma estimate each."""
  return sum(name[-1].endswith('/sigma') for name in traverse_util.flatten_dict(variables['batch_stats']))


@pytest.mark.parametrize('num_classes', [0, CLASSES])
@pytest.mark.parametrize('shape,features,attention', [((28, 28, 1), (128, 64), 14),
                                                      ((32, 32, 3), (128, 64, 32), 16)])
def test_output_shapes(shape, features, attention, num_classes):
  labels = LABELS if num_classes else None
  generator = BigGANGenerator(shape, features, num_classes=num_classes, attention_resolution=attention)
  images, _ = _init(generator, jnp.ones((BATCH, LATENT)), labels)
  chex.assert_shape(images, (BATCH, *shape))
  discriminator = BigGANDiscriminator(features[::-1], num_classes=num_classes,
                                      attention_resolution=attention)
  logits, _ = _init(discriminator, images, labels)
  chex.assert_shape(logits, (BATCH,))


def test_generator_structure():
  """Shared embedding feeding conditional batch norms; spectral norm on every weight matrix."""
  _, variables = _init(BigGANGenerator((28, 28, 1), num_classes=CLASSES, attention_resolution=14),
                       jnp.ones((BATCH, LATENT)), LABELS)
  params = variables['params']
  assert set(params) == {'embed', 'Dense_0', 'ConditionalBatchNorm_0', 'SubpixelConvTranspose_0',
                         'ConditionalBatchNorm_1', 'SelfAttentionBlock_0', 'SubpixelConvTranspose_1'}
  embed_dim = params['embed']['embedding'].shape[1]
  assert params['Dense_0']['kernel'].shape == (LATENT + embed_dim, 7 * 7 * 128)
  assert params['ConditionalBatchNorm_1']['gain']['kernel'].shape == (LATENT + embed_dim, 64)
  # The dense layer, two transposed convs, two projections per batch norm, attention's f, g, h, v.
  assert _num_sigmas(variables) == 3 + 2 * 2 + 4


def test_unconditional_generator_has_plain_batch_norm():
  _, variables = _init(BigGANGenerator((28, 28, 1)), jnp.ones((BATCH, LATENT)), None)
  assert set(variables['params']) == {'Dense_0', 'BatchNorm_0', 'SubpixelConvTranspose_0',
                                      'BatchNorm_1', 'SubpixelConvTranspose_1'}


@pytest.mark.parametrize('num_classes', [0, CLASSES])
def test_discriminator_structure(num_classes):
  labels = LABELS if num_classes else None
  _, variables = _init(BigGANDiscriminator(num_classes=num_classes, attention_resolution=14),
                       jnp.ones((BATCH, 28, 28, 1)), labels)
  params = variables['params']
  assert set(params) == ({'trunk', 'logit', 'embed'} if num_classes else {'trunk', 'logit'})
  if num_classes:  # Projection: one embedding per class, as long as the trunk's features.
    assert params['embed']['embedding'].shape == (CLASSES, 7 * 7 * 128)
  assert set(params['trunk']) == {'Conv_0', 'SelfAttentionBlock_0', 'Conv_1'}
  # Two convs, attention's f, g, h, v, the logit's dense unit, and the embedding if projecting.
  assert _num_sigmas(variables) == 2 + 4 + 1 + bool(num_classes)


def test_training_step_has_finite_gradients(random_variables):
  """A GAN loss through G and D in training mode, 28x28 with attention at 14x14."""
  generator = BigGANGenerator((28, 28, 1), (16, 8), num_classes=CLASSES, attention_resolution=14)
  discriminator = BigGANDiscriminator((8, 16), num_classes=CLASSES, attention_resolution=14)
  z = jax.random.normal(jax.random.key(1), (BATCH, LATENT))
  real = jnp.tanh(jax.random.normal(jax.random.key(2), (BATCH, 28, 28, 1)))
  g_vars = random_variables(generator, z, LABELS, train=False)
  d_vars = random_variables(discriminator, real, LABELS, train=False)

  @jax.jit
  def grads(g_params, d_params):
    def loss(g_params, d_params):
      fake, _ = generator.apply({**g_vars, 'params': g_params}, z, LABELS, train=True,
                                mutable=['batch_stats'])
      logits, _ = discriminator.apply({**d_vars, 'params': d_params}, jnp.concatenate([real, fake]),
                                      jnp.concatenate([LABELS, LABELS]), train=True,
                                      mutable=['batch_stats'])  # No batch norm: one call for both.
      return jnp.mean(jax.nn.softplus(logits * jnp.repeat(jnp.array([-1.0, 1.0]), BATCH)))
    return jax.grad(loss, argnums=(0, 1))(g_params, d_params)

  for player in grads(g_vars['params'], d_vars['params']):
    chex.assert_tree_all_finite(player)
    assert all(np.any(g != 0) for g in jax.tree.leaves(player))  # Every parameter learns.
