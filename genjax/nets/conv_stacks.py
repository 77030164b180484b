"""The convolutional stacks of DCGAN (Radford et al. 2016), shared by GANs and VAEs.

Guidelines followed: strided convolutions instead of pooling, batch norm (optional here),
ReLU on the way up, LeakyReLU(0.2) on the way down, no hidden dense layers.
"""
from collections.abc import Sequence
import math

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.errors import GenjaxError
from genjax.nets.activations import leaky_relu
from genjax.nets.upsample import SubpixelConvTranspose


def batch_norm(train: bool, dtype: Dtype | None) -> nn.BatchNorm:
  """Batch norm with PyTorch's defaults (momentum 0.1 there is 0.9 here, eps 1e-5)."""
  return nn.BatchNorm(use_running_average=not train, momentum=0.9, epsilon=1e-5, dtype=dtype)


class DownStack(nn.Module):
  """[B, H, W, C] -> [B, D]: 4x4 stride-2 convs of widths `features`, then flatten.

  Each conv halves H and W (rounding up) and is followed by LeakyReLU(0.2); with
  `use_batchnorm`, by batch norm before it too, except the first conv.
  """
  features: Sequence[int]
  use_batchnorm: bool
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    for i, features in enumerate(self.features):
      norm = self.use_batchnorm and i > 0
      x = nn.Conv(features, (4, 4), strides=(2, 2), padding='SAME', use_bias=not norm,
                  dtype=self.dtype)(x)
      if norm:
        x = batch_norm(train, self.dtype)(x)
      x = leaky_relu(x)
    return x.reshape(x.shape[0], -1)


class UpStack(nn.Module):
  """z [B, latent] -> [B, H, W, C] with no output activation, H, W divisible by 2^n.

  Dense to (H/2^n, W/2^n, features[0]), then n = len(features) sub-pixel 4x4 stride-2
  transposed convs to features[1], ..., features[n-1], C channels; ReLU (after batch norm if
  `use_batchnorm`) follows every layer but the last. Layers followed by batch norm have no bias.
  """
  out_shape: tuple[int, int, int]
  features: Sequence[int]
  use_batchnorm: bool
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array, train: bool = True) -> jax.Array:
    height, width, channels = self.out_shape
    scale = 2**len(self.features)
    if height % scale or width % scale:
      raise GenjaxError(
          f'out_shape {self.out_shape}: height and width must be divisible by '
          f'2^{len(self.features)} = {scale} for {len(self.features)} upsamplings '
          f'(features={tuple(self.features)}).')

    def norm_relu(x: jax.Array) -> jax.Array:
      return nn.relu(batch_norm(train, self.dtype)(x) if self.use_batchnorm else x)

    base = (height // scale, width // scale, self.features[0])
    x = nn.Dense(math.prod(base), use_bias=not self.use_batchnorm, dtype=self.dtype)(z)
    x = norm_relu(x.reshape(z.shape[0], *base))
    for features in self.features[1:]:
      x = norm_relu(SubpixelConvTranspose(features, use_bias=not self.use_batchnorm,
                                          dtype=self.dtype)(x))
    return SubpixelConvTranspose(channels, dtype=self.dtype)(x)
