"""SNGAN's ResNet players (Miyato et al. 2018, Appendix B, Table 4): the CIFAR-10 shapes and
parameter counts, the blocks' shortcuts, global sum pooling, spectral norm on D, conditioning."""
import functools
import math

import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import traverse_util

from genjax.errors import GenjaxError
from genjax.nets import ResBlock, ResNetDiscriminator, ResNetGenerator, ResNetTrunk

BATCH, CLASSES = 2, 10


def _init(module, *args):
  return jax.eval_shape(functools.partial(module.init_with_output, train=False), jax.random.key(0), *args)


def _block_outputs(module, variables, *args) -> list[tuple[int, ...]]:
  """The output shapes of the ResBlocks, in order (shapes only: nothing is compiled)."""
  def run(variables):
    return module.apply(variables, *args, train=False, mutable=['intermediates'],
                        capture_intermediates=lambda m, _: isinstance(m, ResBlock))[1]
  flat = traverse_util.flatten_dict(jax.eval_shape(run, variables)['intermediates'])
  return [value[0].shape for _, value in sorted(flat.items())]


def _count(params) -> int:
  return sum(math.prod(leaf.shape) for leaf in jax.tree.leaves(params))


def _conv(k: int, cin: int, cout: int) -> int:
  return k * k * cin * cout + cout


def test_generator_is_the_papers_cifar10_generator():
  """z 128 -> dense 4x4x256 -> 3 ResBlocks up (256) -> BN, ReLU, 3x3 conv to 3, tanh."""
  generator = ResNetGenerator((32, 32, 3))
  images, variables = _init(generator, jnp.ones((BATCH, 128)))
  chex.assert_shape(images, (BATCH, 32, 32, 3))
  params = variables['params']
  assert set(params) == {'Dense_0', 'ResBlock_0', 'ResBlock_1', 'ResBlock_2', 'BatchNorm_0', 'Conv_0'}
  assert params['Dense_0']['kernel'].shape == (128, 4 * 4 * 256)
  assert params['Conv_0']['kernel'].shape == (3, 3, 256, 3)
  assert _block_outputs(generator, variables, jnp.ones((BATCH, 128))) == [
      (BATCH, 8, 8, 256), (BATCH, 16, 16, 256), (BATCH, 32, 32, 256)]
  # Each block: BN, 3x3 conv, BN, 3x3 conv, and a 1x1 conv on the upsampled shortcut.
  assert set(params['ResBlock_0']) == {'BatchNorm_0', 'Conv_0', 'BatchNorm_1', 'Conv_1', 'Conv_2'}
  assert params['ResBlock_0']['Conv_2']['kernel'].shape == (1, 1, 256, 256)
  block = 2 * _conv(3, 256, 256) + _conv(1, 256, 256) + 2 * 2 * 256
  assert _count(params) == 128 * 4096 + 4096 + 3 * block + 2 * 256 + _conv(3, 256, 3) == 4_276_739
  assert 'batch_stats' in variables and not any('sigma' in '/'.join(path) for path in
                                                traverse_util.flatten_dict(variables['batch_stats']))


def test_discriminator_is_the_papers_cifar10_discriminator():
  """ResBlock down x2, ResBlock x2 (128 channels), ReLU, global sum pooling, SN dense to 1."""
  discriminator = ResNetDiscriminator()
  images = jnp.ones((BATCH, 32, 32, 3))
  logits, variables = _init(discriminator, images)
  chex.assert_shape(logits, (BATCH,))
  trunk = variables['params']['trunk']
  assert _block_outputs(discriminator, variables, images) == [
      (BATCH, 16, 16, 128), (BATCH, 8, 8, 128), (BATCH, 8, 8, 128), (BATCH, 8, 8, 128)]
  # A 1x1 shortcut conv where the size changes (the first two blocks), the identity after.
  assert [set(trunk[f'ResBlock_{i}']) for i in range(4)] == [{'Conv_0', 'Conv_1', 'Conv_2'}] * 2 + [
      {'Conv_0', 'Conv_1'}] * 2
  assert trunk['ResBlock_0']['Conv_0']['kernel'].shape == (3, 3, 3, 128)
  assert variables['params']['logit']['kernel'].shape == (128, 1)
  first = _conv(3, 3, 128) + _conv(3, 128, 128) + _conv(1, 3, 128)
  second = 2 * _conv(3, 128, 128) + _conv(1, 128, 128)
  assert _count(variables['params']) == first + second + 2 * 2 * _conv(3, 128, 128) + 129 == 1_053_825
  sigmas = [path for path in traverse_util.flatten_dict(variables['batch_stats']) if path[-1].endswith('sigma')]
  assert len(sigmas) == 3 + 3 + 2 + 2 + 1  # every conv and the logit's dense unit


def test_trunk_sums_relu_features_over_positions(random_variables):
  trunk = ResNetTrunk((4, 4, 4), downsamplings=1)
  x = jax.random.normal(jax.random.key(1), (BATCH, 8, 8, 3))
  variables = random_variables(trunk, x, train=False)
  features, state = jax.jit(functools.partial(
      trunk.apply, train=False, mutable=['intermediates'],
      capture_intermediates=lambda m, _: isinstance(m, ResBlock)))(variables, x)
  last = state['intermediates']['ResBlock_2']['__call__'][0]
  chex.assert_shape(last, (BATCH, 4, 4, 4))
  np.testing.assert_allclose(features, jax.nn.relu(last).sum(axis=(1, 2)), rtol=1e-6)


def test_spectral_norm_keeps_each_discriminator_weight_near_one(random_variables):
  """After 20 power iterations (training-mode calls), each weight matrix over its sigma estimate
  has a largest singular value within 5% of 1 (it converges from above: power iteration
  underestimates); the raw weights are not near 1."""
  discriminator = ResNetDiscriminator((32, 32, 32, 32))
  x = jnp.tanh(jax.random.normal(jax.random.key(1), (BATCH, 16, 16, 3)))
  variables = random_variables(discriminator, x, train=False)

  @jax.jit
  def iterate(variables):
    def step(_, stats):
      return discriminator.apply({**variables, **stats}, x, train=True, mutable=['batch_stats'])[1]
    return jax.lax.fori_loop(0, 20, step, {'batch_stats': variables['batch_stats']})['batch_stats']

  params = traverse_util.flatten_dict(variables['params'])
  raw, normalized = [], []
  for path, sigma in traverse_util.flatten_dict(iterate(variables)).items():
    if path[-1].endswith('/sigma'):
      kernel = np.asarray(params[(*path[:-2], path[-1].split('/')[0], 'kernel')])
      raw.append(np.linalg.svd(kernel.reshape(-1, kernel.shape[-1]), compute_uv=False)[0])
      normalized.append(raw[-1] / float(sigma))
  assert len(normalized) == 11
  np.testing.assert_array_less(np.array(normalized), 1.05)
  np.testing.assert_array_less(0.999, np.array(normalized))
  assert max(abs(np.array(raw) - 1)) > 0.1


def test_conditional_players_use_batch_norm_on_the_class_and_projection():
  generator = ResNetGenerator((32, 32, 3), (16, 16, 16), num_classes=CLASSES, spectral_norm=True)
  labels = jnp.arange(BATCH)
  images, g_vars = _init(generator, jnp.ones((BATCH, 8)), labels)
  chex.assert_shape(images, (BATCH, 32, 32, 3))
  # The ResBlocks' batch norms are conditional, the one before the output layer is not.
  assert set(g_vars['params']) == {'embed', 'Dense_0', 'ResBlock_0', 'ResBlock_1', 'ResBlock_2',
                                   'BatchNorm_0', 'Conv_0'}
  assert set(g_vars['params']['ResBlock_0']) == {'ConditionalBatchNorm_0', 'Conv_0', 'ConditionalBatchNorm_1',
                                                 'Conv_1', 'Conv_2'}
  _, d_vars = _init(ResNetDiscriminator((16, 16, 16, 16), num_classes=CLASSES), images, labels)
  assert d_vars['params']['embed']['embedding'].shape == (CLASSES, 16)


@pytest.mark.parametrize('downsamplings', [0, 5])
def test_downsamplings_must_name_leading_blocks(downsamplings):
  with pytest.raises(GenjaxError, match=r'downsamplings must be in \[1, 4\]'):
    _init(ResNetDiscriminator(downsamplings=downsamplings), jnp.ones((BATCH, 32, 32, 3)))
