"""Shapes, dtypes and structure of the convolutional VAE encoder and decoder."""
import functools

import chex
import jax
import jax.numpy as jnp
import pytest

from genjax.nets import ConvDecoder, ConvEncoder

# sklearn digits, 16x16, MNIST, CIFAR-sized images.
IMAGES = [(8, 8, 1), (16, 16, 1), (28, 28, 1), (32, 32, 3)]
BATCH, LATENT = 3, 4


@pytest.mark.parametrize('train', [True, False])
@pytest.mark.parametrize('use_batchnorm', [False, True])
@pytest.mark.parametrize('shape', IMAGES)
def test_shapes(shape, use_batchnorm, train):
  encoder = ConvEncoder(LATENT, use_batchnorm=use_batchnorm)
  (mean, logvar), _ = jax.eval_shape(functools.partial(encoder.init_with_output, train=train),
                                     jax.random.key(0), jnp.ones((BATCH, *shape)))
  chex.assert_shape([mean, logvar], (BATCH, LATENT))
  chex.assert_type([mean, logvar], jnp.float32)
  decoder = ConvDecoder(shape, use_batchnorm=use_batchnorm)
  x, _ = jax.eval_shape(functools.partial(decoder.init_with_output, train=train),
                        jax.random.key(0), jnp.ones((BATCH, LATENT)))
  chex.assert_shape(x, (BATCH, *shape))
  chex.assert_type(x, jnp.float32)


def test_encoder_heads_share_one_trunk():
  _, variables = jax.eval_shape(ConvEncoder(LATENT, (4, 8)).init_with_output,
                                jax.random.key(0), jnp.ones((BATCH, 8, 8, 1)))
  params = variables['params']
  assert set(params) == {'trunk', 'head'}
  assert set(params['trunk']) == {'Conv_0', 'Conv_1'}
  chex.assert_shape(params['trunk']['Conv_1']['kernel'], (4, 4, 4, 8))
  assert set(params['head']) == {'mean', 'logvar'}
  chex.assert_shape([params['head']['mean']['kernel'], params['head']['logvar']['kernel']],
                    (2 * 2 * 8, LATENT))
