"""Convolutional encoder to a grid of vectors and decoder back, for VQ-VAE (van den Oord et al.
2017, Sec. 4.1: strided convolutions down, transposed convolutions up), on DCGAN's layers."""
from collections.abc import Sequence
import math

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.conv_stacks import DownStack
from genjax.nets.upsample import SubpixelConvTranspose


def grid_shape(height: int, width: int, downsamplings: int) -> tuple[int, int]:
  """The code grid of an image after `downsamplings` halvings (each rounding up)."""
  return math.ceil(height / 2**downsamplings), math.ceil(width / 2**downsamplings)


class GridEncoder(nn.Module):
  """[B, H, W, C] -> [B, ⌈H/2^n⌉, ⌈W/2^n⌉, code_dim]: DCGAN's down-stack (n = len(features)
  4x4 stride-2 convs, LeakyReLU), then a linear 1x1 conv to `code_dim`."""
  code_dim: int
  features: Sequence[int] = (32, 64)
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    grid = grid_shape(x.shape[1], x.shape[2], len(self.features))
    h = DownStack(self.features, use_batchnorm=False, dtype=self.dtype, name='trunk')(x)
    h = h.reshape(x.shape[0], *grid, self.features[-1])  # DownStack flattens its last feature map.
    return nn.Dense(self.code_dim, dtype=self.dtype, name='head')(h)


class GridDecoder(nn.Module):
  """[B, h, w, D] -> unconstrained [B, h·2^n, w·2^n, channels] (logits or means), n = len(features):
  a 3x3 conv to features[0], then sub-pixel 4x4 stride-2 transposed convs to features[1:] and
  `channels`, ReLU after every layer but the last."""
  channels: int
  features: Sequence[int] = (64, 32)
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array) -> jax.Array:
    x = nn.relu(nn.Conv(self.features[0], (3, 3), padding='SAME', dtype=self.dtype)(z))
    for features in self.features[1:]:
      x = nn.relu(SubpixelConvTranspose(features, dtype=self.dtype)(x))
    return SubpixelConvTranspose(self.channels, dtype=self.dtype)(x)
