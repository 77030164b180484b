"""DCGAN's guidelines (Radford et al. 2016, Sec. 3) as toggles: defaults on, each one can be turned off."""
import functools

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import pytest

from genjax.errors import GenjaxError
from genjax.nets import DCGANDiscriminator, DCGANGenerator
from genjax.nets.conv_stacks import DownStack
from genjax.nets.downsample import StridedConv

BATCH, LATENT = 2, 4


def _shapes(module: nn.Module, x: jax.Array, **kwargs):
  """(output, parameter shapes), computed without running the net."""
  out, variables = jax.eval_shape(functools.partial(module.init_with_output, **kwargs),
                                  jax.random.key(0), x)
  return out, jax.tree.map(lambda p: p.shape, variables['params'])


def _conv_outputs(module: nn.Module, x: jax.Array) -> dict[str, tuple[int, ...]]:
  """Shapes of the outputs of the module's convolutions, by name."""
  def intermediates(x):
    variables = module.init(jax.random.key(0), x)
    _, state = module.apply(variables, x, capture_intermediates=lambda m, _: isinstance(m, (nn.Conv, StridedConv)),
                            mutable=['intermediates'])
    return state['intermediates']
  captured = jax.eval_shape(intermediates, x)
  return {name: value['__call__'][0].shape for name, value in captured['trunk'].items()}


def test_discriminator_mnist_architecture_is_unchanged_by_default():
  _, shapes = _shapes(DCGANDiscriminator(), jnp.ones((BATCH, 28, 28, 1)))
  assert shapes == {
      'trunk': {'Conv_0': {'kernel': (4, 4, 1, 64), 'bias': (64,)},
                'Conv_1': {'kernel': (4, 4, 64, 128), 'bias': (128,)}},
      'logit': {'kernel': (7 * 7 * 128, 1), 'bias': (1,)},
  }


def test_pooling_replaces_the_strided_convolutions():
  images = jnp.ones((BATCH, 28, 28, 1))
  strided = DCGANDiscriminator()
  pooled = DCGANDiscriminator(downsample='pool')
  assert _conv_outputs(strided, images) == {'Conv_0': (BATCH, 14, 14, 64), 'Conv_1': (BATCH, 7, 7, 128)}
  # Stride 1: each conv keeps the size of its input; max pooling halves it.
  assert _conv_outputs(pooled, images) == {'Conv_0': (BATCH, 28, 28, 64), 'Conv_1': (BATCH, 14, 14, 128)}
  _, shapes = _shapes(pooled, images)
  assert shapes['trunk']['Conv_0']['kernel'] == (3, 3, 1, 64)
  assert shapes['trunk']['Conv_1']['kernel'] == (3, 3, 64, 128)
  assert shapes['logit']['kernel'] == (7 * 7 * 128, 1)


def test_relu_or_leaky_relu_in_the_discriminator(random_variables):
  x = jax.random.normal(jax.random.key(1), (BATCH, 6, 6, 1))
  stack = DownStack((8,), use_batchnorm=False)
  variables = random_variables(stack, x)
  leaky = stack.apply(variables, x)
  relu = stack.clone(activation='relu').apply(variables, x)
  assert jnp.any(leaky < 0) and jnp.all(relu >= 0)
  chex.assert_trees_all_close(relu, jnp.maximum(leaky, 0), atol=1e-6)


def test_resize_convolutions_replace_the_transposed_ones():
  _, shapes = _shapes(DCGANGenerator((28, 28, 1), upsample='resize'), jnp.ones((BATCH, LATENT)))
  assert shapes == {
      'Dense_0': {'kernel': (LATENT, 7 * 7 * 128)},
      'BatchNorm_0': {'scale': (128,), 'bias': (128,)},
      'Conv_0': {'kernel': (3, 3, 128, 64)},
      'BatchNorm_1': {'scale': (64,), 'bias': (64,)},
      'Conv_1': {'kernel': (3, 3, 64, 1), 'bias': (1,)},
  }


def test_resize_upsampling_repeats_pixels_before_the_conv(random_variables):
  z = jax.random.normal(jax.random.key(1), (BATCH, LATENT))
  generator = DCGANGenerator((4, 4, 1), (2,), use_batchnorm=False, upsample='resize',
                             output_activation='none')
  params = random_variables(generator, z)['params']
  one_by_one = {**params, 'Conv_0': {'kernel': jnp.zeros((3, 3, 2, 1)).at[1, 1, 0, 0].set(1.0),
                                     'bias': jnp.zeros(1)}}
  images = generator.apply({'params': one_by_one}, z)  # The centre tap copies channel 0.
  base = jax.nn.relu(z @ params['Dense_0']['kernel'] + params['Dense_0']['bias']).reshape(BATCH, 2, 2, 2)
  chex.assert_trees_all_close(images[..., 0], jnp.repeat(jnp.repeat(base[..., 0], 2, 1), 2, 2),
                              atol=1e-6)


def test_hidden_dense_layer_before_the_projection():
  _, shapes = _shapes(DCGANGenerator((28, 28, 1), hidden_dense=32), jnp.ones((BATCH, LATENT)))
  assert shapes['Dense_0'] == {'kernel': (LATENT, 32)}
  assert shapes['BatchNorm_0'] == {'scale': (32,), 'bias': (32,)}
  assert shapes['Dense_1'] == {'kernel': (32, 7 * 7 * 128)}
  assert len(shapes) == 7  # Two dense layers, two transposed convs, three batch norms.
  _, shapes = _shapes(DCGANGenerator((28, 28, 1), hidden_dense=32, use_batchnorm=False),
                      jnp.ones((BATCH, LATENT)))
  assert shapes['Dense_0'] == {'kernel': (LATENT, 32), 'bias': (32,)}


@pytest.mark.parametrize('upsample', ['transposed', 'resize'])
@pytest.mark.parametrize('train', [True, False])
def test_32x32_from_a_4x4_base(upsample, train):
  generator = DCGANGenerator((32, 32, 3), (64, 32, 16), upsample=upsample)
  images, shapes = _shapes(generator, jnp.ones((BATCH, LATENT)), train=train)
  chex.assert_shape(images, (BATCH, 32, 32, 3))
  assert shapes['Dense_0'] == {'kernel': (LATENT, 4 * 4 * 64)}
  logits, shapes = _shapes(DCGANDiscriminator((16, 32, 64), downsample='pool'), images, train=train)
  chex.assert_shape(logits, (BATCH,))
  assert shapes['logit']['kernel'] == (4 * 4 * 64, 1)


@pytest.mark.parametrize('module,field,choices', [
    (DCGANDiscriminator(activation='elu'), 'activation', 'leaky_relu, relu'),
    (DCGANDiscriminator(downsample='avg'), 'downsample', 'strided, pool'),
    (DCGANGenerator((8, 8, 1), upsample='bilinear'), 'upsample', 'transposed, resize'),
])
def test_unknown_toggle_is_a_one_line_error_naming_the_choices(module: nn.Module, field, choices):
  x = jnp.ones((BATCH, 8, 8, 1) if isinstance(module, DCGANDiscriminator) else (BATCH, LATENT))
  with pytest.raises(GenjaxError, match=f"^{field} '[a-z]+' is not one of {choices}") as info:
    _shapes(module, x)
  assert '\n' not in str(info.value)
