"""Class-conditional GAN players: concatenation (Mirza & Osindero 2014) and projection (Miyato & Koyama 2018)."""
import functools

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.errors import GenjaxError
from genjax.nets import (BigGANDiscriminator, BigGANGenerator, DCGANDiscriminator, DCGANGenerator,
                         MLPDiscriminator, MLPGenerator)
from genjax.nets.conv_stacks import DownStack

BATCH, LATENT, CLASSES = 4, 5, 3
LABELS = jnp.array([0, 1, 2, 1])


def _generators(shape, num_classes):
  features = (16, 8, 4) if shape[0] == 32 else (8, 4)
  return [MLPGenerator((8,), shape, num_classes=num_classes),
          DCGANGenerator(shape, features, num_classes=num_classes),
          BigGANGenerator(shape, features, num_classes=num_classes)]


def _discriminators(num_classes, conditioning):
  return [MLPDiscriminator((8,), num_classes=num_classes, conditioning=conditioning),
          DCGANDiscriminator((4, 8), num_classes=num_classes, conditioning=conditioning),
          BigGANDiscriminator((4, 8), num_classes=num_classes, conditioning=conditioning)]


def _name(module: nn.Module) -> str:
  return type(module).__name__


def _labels(num_classes):
  return LABELS if num_classes else None


@pytest.mark.parametrize('num_classes', [0, CLASSES])
@pytest.mark.parametrize('shape', [(28, 28, 1), (32, 32, 3)])
def test_generator_shapes(shape, num_classes):
  for generator in _generators(shape, num_classes):
    init = functools.partial(generator.init_with_output, train=False)
    x, variables = jax.eval_shape(init, jax.random.key(0), jnp.ones((BATCH, LATENT)),
                                  _labels(num_classes))
    chex.assert_shape(x, (BATCH, *shape))
    assert ('embed' in variables['params']) == bool(num_classes)


@pytest.mark.parametrize('conditioning', ['concat', 'projection'])
@pytest.mark.parametrize('num_classes', [0, CLASSES])
@pytest.mark.parametrize('shape', [(28, 28, 1), (32, 32, 3)])
def test_discriminator_shapes(shape, num_classes, conditioning):
  for discriminator in _discriminators(num_classes, conditioning):
    init = functools.partial(discriminator.init_with_output, train=False)
    logits, variables = jax.eval_shape(init, jax.random.key(0), jnp.ones((BATCH, *shape)),
                                       _labels(num_classes))
    chex.assert_shape(logits, (BATCH,))
    assert ('embed' in variables['params']) == bool(num_classes)


def _outputs_for_two_labelings(module: nn.Module, x: jax.Array, variables):
  """Outputs in eval mode for LABELS and for LABELS shifted by one class, same input and weights."""
  apply = jax.jit(lambda labels: module.apply(variables, x, labels, train=False))
  return apply(LABELS), apply((LABELS + 1) % CLASSES)


@pytest.mark.parametrize('generator', _generators((8, 8, 1), CLASSES), ids=_name)
def test_labels_change_the_generator_output(generator: nn.Module, random_variables):
  z = jax.random.normal(jax.random.key(1), (BATCH, LATENT))
  out, shifted = _outputs_for_two_labelings(generator, z, random_variables(generator, z, LABELS))
  assert not np.allclose(out, shifted)


@pytest.mark.parametrize('discriminator', _discriminators(CLASSES, 'concat') + _discriminators(CLASSES, 'projection'),
                         ids=lambda d: f'{_name(d)}-{d.conditioning}')
def test_labels_change_the_discriminator_output(discriminator: nn.Module, random_variables):
  x = jax.random.normal(jax.random.key(1), (BATCH, 8, 8, 1))
  out, shifted = _outputs_for_two_labelings(discriminator, x, random_variables(discriminator, x, LABELS))
  assert not np.allclose(out, shifted)


def test_concat_discriminator_tiles_the_embedding_as_input_channels():
  _, variables = jax.eval_shape(DCGANDiscriminator((4, 8), num_classes=CLASSES, embed_dim=6).init_with_output,
                                jax.random.key(0), jnp.ones((BATCH, 8, 8, 2)), LABELS)
  params = variables['params']
  chex.assert_shape([params['embed']['embedding'], params['trunk']['Conv_0']['kernel']],
                    [(CLASSES, 6), (4, 4, 2 + 6, 4)])
  _, variables = jax.eval_shape(MLPDiscriminator((8,), num_classes=CLASSES, embed_dim=6).init_with_output,
                                jax.random.key(0), jnp.ones((BATCH, 3, 3, 1)), LABELS)
  chex.assert_shape(variables['params']['trunk']['Dense_0']['kernel'], (9 + 6, 8))


def test_projection_logit_is_psi_plus_inner_product_mlp(random_variables):
  """logit = ψ(φ(x)) + ⟨embed(y), φ(x)⟩ (Miyato & Koyama 2018, Eq. 3), written out by hand."""
  x = jax.random.normal(jax.random.key(1), (BATCH, 7))
  discriminator = MLPDiscriminator((6,), num_classes=CLASSES, conditioning='projection')
  params = random_variables(discriminator, x, LABELS)['params']
  hidden = params['trunk']['Dense_0']
  phi = np.asarray(x) @ hidden['kernel'] + hidden['bias']
  phi = np.where(phi > 0, phi, 0.2 * phi)
  psi = phi @ params['logit']['kernel'][:, 0] + params['logit']['bias'][0]
  expected = psi + np.sum(np.asarray(params['embed']['embedding'])[np.asarray(LABELS)] * phi, -1)
  np.testing.assert_allclose(discriminator.apply({'params': params}, x, LABELS), expected,
                             rtol=1e-5, atol=1e-5)


def test_projection_logit_is_psi_plus_inner_product_dcgan(random_variables):
  x = jax.random.normal(jax.random.key(1), (BATCH, 8, 8, 1))
  discriminator = DCGANDiscriminator((4, 8), num_classes=CLASSES, conditioning='projection')
  params = random_variables(discriminator, x, LABELS)['params']
  phi = DownStack((4, 8), use_batchnorm=False).apply({'params': params['trunk']}, x)
  psi = phi @ params['logit']['kernel'][:, 0] + params['logit']['bias'][0]
  expected = psi + jnp.sum(params['embed']['embedding'][LABELS] * phi, -1)
  chex.assert_trees_all_close(discriminator.apply({'params': params}, x, LABELS), expected,
                              rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('module,in_shape', [
    (MLPGenerator((8,), (2,), num_classes=CLASSES), (BATCH, LATENT)),
    (DCGANGenerator((8, 8, 1), (8, 4), num_classes=CLASSES), (BATCH, LATENT)),
    (MLPDiscriminator((8,), num_classes=CLASSES, conditioning='projection'), (BATCH, 2)),
    (DCGANDiscriminator((4, 8), num_classes=CLASSES), (BATCH, 8, 8, 1)),
])
def test_conditional_nets_need_labels_and_unconditional_ones_refuse_them(module: nn.Module, in_shape):
  init = lambda module, *args: jax.eval_shape(
      functools.partial(module.init, train=False), jax.random.key(0), jnp.ones(in_shape), *args)
  with pytest.raises(ValueError, match='conditioned on 3 classes: pass labels'):
    init(module)
  unconditional = module.clone(num_classes=0)
  with pytest.raises(ValueError, match='unconditional'):
    init(unconditional, LABELS)
  assert 'embed' not in init(unconditional)['params']  # The call without labels still works.


@pytest.mark.parametrize('module', [MLPDiscriminator((8,), conditioning='hidden'),
                                    DCGANDiscriminator((4,), conditioning='hidden')])
def test_unknown_conditioning_is_a_one_line_error_naming_the_choices(module: nn.Module):
  with pytest.raises(GenjaxError, match="conditioning 'hidden' is not one of concat, projection") as info:
    jax.eval_shape(module.init, jax.random.key(0), jnp.ones((1, 4, 4, 1)))
  assert '\n' not in str(info.value)
