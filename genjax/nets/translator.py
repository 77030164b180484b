"""CycleGAN's image-to-image nets (Zhu et al. 2017, Sec. 4 and Appendix 7.2), sized by config.

The generator (Johnson et al. 2016's layout) is an encoder, residual blocks and a mirrored decoder
with instance norm; the discriminator is a PatchGAN (Isola et al. 2017): a fully convolutional net
whose output is one score per overlapping patch, so it judges local texture, not the whole image.
"""
from collections.abc import Sequence

import flax.linen as nn
import jax
import jax.numpy as jnp
from flax.typing import Dtype

from genjax.errors import GenjaxError
from genjax.nets.downsample import StridedConv
from genjax.nets.upsample import SubpixelConvTranspose


def _norm_relu(x: jax.Array, dtype: Dtype | None) -> jax.Array:
  return nn.relu(nn.InstanceNorm(dtype=dtype)(x))


class ResidualBlock(nn.Module):
  """x + (3x3 conv, instance norm, ReLU, 3x3 conv, instance norm)(x), width kept."""
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    width = x.shape[-1]
    y = _norm_relu(nn.Conv(width, (3, 3), dtype=self.dtype)(x), self.dtype)
    return x + nn.InstanceNorm(dtype=self.dtype)(nn.Conv(width, (3, 3), dtype=self.dtype)(y))


class ResidualTranslator(nn.Module):
  """[B, H, W, C] -> [B, H, W, C] in [-1, 1]: a 7x7 conv to features[0], a 3x3 stride-2 conv to each
  further width, `residual_blocks` blocks, 4x4 stride-2 transposed convs back through the widths
  in reverse, then a 7x7 conv to C and tanh; instance norm and ReLU after every hidden layer.
  H and W must be divisible by 2^(len(features) − 1)."""
  features: Sequence[int]
  residual_blocks: int
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    scale = 2**(len(self.features) - 1)
    if x.shape[1] % scale or x.shape[2] % scale:
      raise GenjaxError(f'images of {x.shape[1]}x{x.shape[2]}: height and width must be divisible by '
                        f'{scale} for generator widths {tuple(self.features)}')
    channels = x.shape[-1]
    x = _norm_relu(nn.Conv(self.features[0], (7, 7), dtype=self.dtype)(x), self.dtype)
    for width in self.features[1:]:
      x = _norm_relu(nn.Conv(width, (3, 3), strides=(2, 2), dtype=self.dtype)(x), self.dtype)
    for _ in range(self.residual_blocks):
      x = ResidualBlock(self.dtype)(x)
    for width in reversed(self.features[:-1]):
      x = _norm_relu(SubpixelConvTranspose(width, dtype=self.dtype)(x), self.dtype)
    return jnp.tanh(nn.Conv(channels, (7, 7), dtype=self.dtype)(x))


class PatchDiscriminator(nn.Module):
  """[B, H, W, C] -> patch scores [B, H / 2^n, W / 2^n, 1] (rounded up), n = len(features): 4x4
  stride-2 convs of widths `features`, LeakyReLU 0.2 after each and instance norm before it but
  on the first, then a 4x4 stride-1 conv to one unbounded score (for least-squares losses)."""
  features: Sequence[int]
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    for i, width in enumerate(self.features):
      x = StridedConv(width, dtype=self.dtype, name=f'Conv_{i}')(x)
      x = nn.leaky_relu(nn.InstanceNorm(dtype=self.dtype)(x) if i else x, 0.2)
    return nn.Conv(1, (4, 4), dtype=self.dtype, name=f'Conv_{len(self.features)}')(x)
