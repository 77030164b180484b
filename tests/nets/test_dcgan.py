"""Shapes, dtypes, structure and output range of the DCGAN generator and discriminator."""
import functools

import chex
import jax
import jax.numpy as jnp
import pytest

from genjax.errors import GenjaxError
from genjax.nets import ConvDecoder, DCGANDiscriminator, DCGANGenerator

# sklearn digits, 16x16, MNIST, CIFAR-sized images.
IMAGES = [(8, 8, 1), (16, 16, 1), (28, 28, 1), (32, 32, 3)]
BATCH, LATENT = 3, 4


@pytest.mark.parametrize('train', [True, False])
@pytest.mark.parametrize('shape', IMAGES)
def test_generator_shapes(shape, train):
  generator = DCGANGenerator(shape)
  x, _ = jax.eval_shape(functools.partial(generator.init_with_output, train=train),
                        jax.random.key(0), jnp.ones((BATCH, LATENT)))
  chex.assert_shape(x, (BATCH, *shape))
  chex.assert_type(x, jnp.float32)


def test_generator_mnist_architecture():
  _, variables = jax.eval_shape(DCGANGenerator((28, 28, 1)).init_with_output,
                                jax.random.key(0), jnp.ones((BATCH, LATENT)))
  shapes = jax.tree.map(lambda p: p.shape, variables['params'])
  assert shapes == {
      'Dense_0': {'kernel': (LATENT, 7 * 7 * 128)},
      'BatchNorm_0': {'scale': (128,), 'bias': (128,)},
      'SubpixelConvTranspose_0': {'kernel': (4, 4, 128, 64)},
      'BatchNorm_1': {'scale': (64,), 'bias': (64,)},
      'SubpixelConvTranspose_1': {'kernel': (4, 4, 64, 1), 'bias': (1,)},
  }


def test_generator_is_the_decoder_stack_with_tanh_in_unit_range():
  z = 10 * jax.random.normal(jax.random.key(1), (BATCH, LATENT))
  decoder = ConvDecoder((8, 8, 1), (8, 4), use_batchnorm=True)
  variables = decoder.init(jax.random.key(0), z)
  logits = decoder.apply(variables, z, train=False)
  images = DCGANGenerator((8, 8, 1), (8, 4)).apply(variables, z, train=False)
  chex.assert_trees_all_close(images, jnp.tanh(logits))
  assert jnp.all(jnp.abs(images) <= 1) and jnp.any(jnp.abs(logits) > 1)


def test_generator_rejects_indivisible_sizes():
  with pytest.raises(GenjaxError, match='divisible by 2\\^3 = 8'):
    DCGANGenerator((28, 28, 1), (128, 64, 32)).init(jax.random.key(0), jnp.ones((1, LATENT)))


@pytest.mark.parametrize('train', [True, False])
@pytest.mark.parametrize('use_batchnorm', [False, True])
@pytest.mark.parametrize('shape', IMAGES)
def test_discriminator_shapes(shape, use_batchnorm, train):
  discriminator = DCGANDiscriminator(use_batchnorm=use_batchnorm)
  logits, _ = jax.eval_shape(functools.partial(discriminator.init_with_output, train=train),
                             jax.random.key(0), jnp.ones((BATCH, *shape)))
  chex.assert_shape(logits, (BATCH,))
  chex.assert_type(logits, jnp.float32)


def test_compute_dtype():
  x, variables = jax.eval_shape(DCGANGenerator((8, 8, 1), dtype=jnp.bfloat16).init_with_output,
                                jax.random.key(0), jnp.ones((BATCH, LATENT)))
  chex.assert_type(x, jnp.bfloat16)
  chex.assert_type(jax.tree.leaves(variables), jnp.float32)
