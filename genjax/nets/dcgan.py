"""DCGAN generator and discriminator (Radford et al. 2016)."""
from collections.abc import Sequence

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.activations import output_activation
from genjax.nets.conv_stacks import DownStack, UpStack


class DCGANGenerator(UpStack):
  """z [B, latent] -> images [B, H, W, C]: DCGAN's up-stack with batch norm and tanh output.

  features=(128, 64), out_shape=(28, 28, 1): dense to 7x7x128, BN, ReLU; x2 to 64 channels,
  BN, ReLU; x2 to 1 channel, tanh.
  """
  features: Sequence[int] = (128, 64)
  use_batchnorm: bool = True
  output_activation: str = 'tanh'

  def __call__(self, z: jax.Array, train: bool = True) -> jax.Array:
    return output_activation(self.output_activation)(super().__call__(z, train))


class DCGANDiscriminator(nn.Module):
  """Images [B, H, W, C] -> logits [B]: DCGAN's strided-conv down-stack, then one dense unit."""
  features: Sequence[int] = (64, 128)
  use_batchnorm: bool = False
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    h = DownStack(self.features, self.use_batchnorm, self.dtype, name='trunk')(x, train)
    return nn.Dense(1, dtype=self.dtype, name='logit')(h)[:, 0]
