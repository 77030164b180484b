"""DCGAN generator and discriminator (Radford et al. 2016), optionally class-conditional."""
from collections.abc import Sequence

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.activations import output_activation
from genjax.nets.conditioning import concat_labels, discriminate
from genjax.nets.conv_stacks import DownStack, UpStack


class DCGANGenerator(UpStack):
  """z [B, latent] -> images [B, H, W, C]: DCGAN's up-stack with batch norm and tanh output.

  features=(128, 64), out_shape=(28, 28, 1): dense to 7x7x128, BN, ReLU; x2 to 64 channels,
  BN, ReLU; x2 to 1 channel, tanh. With num_classes > 0, G(z, labels) feeds the stack z
  concatenated with a learned class embedding of width `embed_dim` (Mirza & Osindero 2014);
  with `conditional_batchnorm` too, every batch norm is conditional on that vector (BigGAN).
  """
  features: Sequence[int] = (128, 64)
  use_batchnorm: bool = True
  output_activation: str = 'tanh'
  num_classes: int = 0
  embed_dim: int = 16
  conditional_batchnorm: bool = False

  @nn.compact
  def __call__(self, z: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    z = concat_labels(z, labels, self.num_classes, self.embed_dim, self.dtype)
    cond = z if self.conditional_batchnorm and self.num_classes else None
    return output_activation(self.output_activation)(super().__call__(z, train, cond))


class DCGANDiscriminator(nn.Module):
  """Images [B, H, W, C] -> logits [B]: DCGAN's strided-conv down-stack, then one dense unit.

  `activation`, `downsample`, `use_batchnorm`, `spectral_norm`, `attention_resolution`: DownStack's.
  With num_classes > 0, D(x, labels) is conditional: `conditioning` 'concat' tiles a learned
  class embedding of width `embed_dim` over H and W as extra input channels (Mirza & Osindero
  2014); 'projection' adds ⟨embed(y), φ(x)⟩ to the logit (Miyato & Koyama 2018, Eq. 3).
  `spectral_norm` normalizes the dense unit and the projection embedding too.
  """
  features: Sequence[int] = (64, 128)
  use_batchnorm: bool = False
  dtype: Dtype | None = None
  activation: str = 'leaky_relu'
  downsample: str = 'strided'
  num_classes: int = 0
  conditioning: str = 'concat'
  embed_dim: int = 16
  spectral_norm: bool = False
  attention_resolution: int = 0

  @nn.compact
  def __call__(self, x: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    trunk = DownStack(self.features, self.use_batchnorm, self.dtype, self.activation, self.downsample,
                      self.spectral_norm, self.attention_resolution, name='trunk')
    return discriminate(lambda h: trunk(h, train), x, labels, num_classes=self.num_classes,
                        conditioning=self.conditioning, embed_dim=self.embed_dim,
                        spectral_norm=self.spectral_norm, train=train, dtype=self.dtype)
