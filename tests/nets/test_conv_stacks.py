"""Batch norm in the DCGAN stacks: train mode updates `batch_stats`, eval mode reads them."""
import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import pytest

from genjax.nets import ConvDecoder, ConvEncoder, DCGANDiscriminator, DCGANGenerator

BATCH, LATENT = 4, 3
_Z = (BATCH, LATENT)
_IMAGES = (BATCH, 8, 8, 1)


@pytest.mark.parametrize('module,in_shape,num_norms', [
    (DCGANGenerator((8, 8, 1), (8, 4)), _Z, 2),
    (ConvDecoder((8, 8, 1), (8, 4), use_batchnorm=True), _Z, 2),
    (DCGANDiscriminator((4, 8, 8), use_batchnorm=True), _IMAGES, 2),  # none after the first conv
    (ConvEncoder(LATENT, (4, 8), use_batchnorm=True), _IMAGES, 1),
])
def test_batch_norm_train_and_eval(module: nn.Module, in_shape, num_norms):
  x = jax.random.normal(jax.random.key(1), in_shape)
  variables = module.init(jax.random.key(0), x)
  stats = variables['batch_stats']
  assert len(jax.tree.leaves(stats)) == 2 * num_norms  # mean and var per norm
  out, updates = module.apply(variables, x, train=True, mutable=['batch_stats'])
  chex.assert_trees_all_equal_shapes(updates['batch_stats'], stats)
  changed = jax.tree.map(lambda a, b: bool(jnp.any(a != b)), updates['batch_stats'], stats)
  assert all(jax.tree.leaves(changed))
  eval_out = module.apply(variables, x, train=False)  # reads batch_stats, needs no mutable
  chex.assert_trees_all_equal_shapes(eval_out, out)
  chex.assert_type(eval_out, jnp.float32)


def test_layers_followed_by_batch_norm_have_no_bias():
  _, variables = jax.eval_shape(DCGANDiscriminator((4, 8), use_batchnorm=True).init_with_output,
                                jax.random.key(0), jnp.ones(_IMAGES))
  trunk = variables['params']['trunk']
  assert set(trunk['Conv_0']) == {'kernel', 'bias'}
  assert set(trunk['Conv_1']) == {'kernel'}
