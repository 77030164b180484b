"""The ResNet GAN players of SNGAN (Miyato et al. 2018, Appendix B, Table 4: CIFAR-10), after
Gulrajani et al. 2017; BigGAN's 32x32 nets are the same with its ingredients (Brock et al. 2019).

G: dense to 4x4xC, ResBlock up per width, BN, ReLU, 3x3 conv to the image's channels, tanh.
D: ResBlock down for the first `downsamplings` widths, plain ResBlocks for the rest, ReLU, global
sum pooling, dense to one logit; spectral norm on every layer of D (and of G with `spectral_norm`).
Class conditioning as BigGAN's: z concatenated with a class embedding is G's input and each
ResBlock's batch norms' conditioning vector; D's projection (Miyato & Koyama 2018) or concatenation (`discriminate`).
"""
from collections.abc import Sequence
import math

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.errors import GenjaxError, check_choice
from genjax.nets.attention import attend_at, check_attention_resolution
from genjax.nets.conditioning import concat_labels, discriminate
from genjax.nets.conv_stacks import base_shape
from genjax.nets.normalization import maybe_spectral_norm, normalize_batch
from genjax.nets.upsample import nearest_upsample

RESAMPLINGS = ('up', 'down', 'none')


def _pool(x: jax.Array) -> jax.Array:
  return nn.avg_pool(x, (2, 2), strides=(2, 2))


class ResBlock(nn.Module):
  """x [B, H, W, C] -> shortcut(x) + residual(x), `features` channels (SNGAN Fig. 8; He et al. 2016).

  residual: [norm], ReLU, [x2 nearest], 3x3 conv, [norm], ReLU, 3x3 conv, [2x2 average pool];
  norm is (conditional on `cond`) batch norm with `normalize` (G's blocks; D's have none), and
  without `preactivate` (D's first block, on the image) the first norm and ReLU are left out.
  shortcut: x, or a 1x1 conv where width or size changes; resampling commutes with a 1x1 conv, so
  it is applied on the side with fewer pixels (the same map as conv-then-pool, pool-then-conv).
  """
  features: int
  resample: str = 'none'
  normalize: bool = False
  preactivate: bool = True
  spectral_norm: bool = False
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True, cond: jax.Array | None = None) -> jax.Array:
    check_choice('resample', self.resample, RESAMPLINGS)

    def conv(kernel: int, h: jax.Array) -> jax.Array:
      layer = nn.Conv(self.features, (kernel, kernel), padding='SAME', dtype=self.dtype)
      return maybe_spectral_norm(layer, self.spectral_norm, train)(h)

    def activate(h: jax.Array) -> jax.Array:
      return nn.relu(normalize_batch(h, train, self.dtype, cond, self.spectral_norm) if self.normalize else h)

    h = activate(x) if self.preactivate else x
    h = conv(3, nearest_upsample(h) if self.resample == 'up' else h)
    h = conv(3, activate(h))
    shortcut = x
    if self.resample == 'down':
      h, shortcut = _pool(h), _pool(x)
    if shortcut.shape[-1] != self.features or self.resample != 'none':
      shortcut = conv(1, shortcut)
    return h + (nearest_upsample(shortcut) if self.resample == 'up' else shortcut)


class ResNetGenerator(nn.Module):
  """z [B, latent] -> images [B, H, W, C] in [-1, 1], H and W divisible by 2^len(features).

  features=(256, 256, 256), out_shape=(32, 32, 3) is SNGAN's CIFAR-10 G: dense to 4x4x256, three
  ResBlocks up to 256 channels, BN, ReLU, 3x3 conv to 3, tanh. With num_classes > 0, G(z, labels)
  takes z concatenated with a learned class embedding of width `embed_dim`, which the ResBlocks'
  batch norms are conditional on (BigGAN's shared embedding). `attention_resolution` > 0 inserts a SAGAN
  block after the ResBlock whose output has that height.
  """
  out_shape: tuple[int, int, int]
  features: Sequence[int] = (256, 256, 256)
  num_classes: int = 0
  embed_dim: int = 16
  spectral_norm: bool = False
  attention_resolution: int = 0
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    base = base_shape(self.out_shape, self.features)
    check_attention_resolution(self.attention_resolution,
                               [base[0] * 2**i for i in range(1, len(self.features) + 1)])
    z = concat_labels(z, labels, self.num_classes, self.embed_dim, self.dtype)
    cond = z if self.num_classes else None

    def layer(module: nn.Module) -> nn.Module:
      return maybe_spectral_norm(module, self.spectral_norm, train)

    x = layer(nn.Dense(math.prod(base), dtype=self.dtype))(z).reshape(z.shape[0], *base)
    for features in self.features:
      x = ResBlock(features, 'up', normalize=True, spectral_norm=self.spectral_norm,
                   dtype=self.dtype)(x, train, cond)
      x = attend_at(x, self.attention_resolution, self.spectral_norm, train, self.dtype)
    x = nn.relu(normalize_batch(x, train, self.dtype))  # unconditional, as in BigGAN and SNGAN's code
    return nn.tanh(layer(nn.Conv(self.out_shape[-1], (3, 3), padding='SAME', dtype=self.dtype))(x))


class ResNetTrunk(nn.Module):
  """Images [B, H, W, C] -> features [B, features[-1]]: SNGAN D's ResBlocks, ReLU, global sum pooling.

  The first `downsamplings` blocks halve H and W (SNGAN's CIFAR-10 D: 2 of 4, each 128 wide).
  """
  features: Sequence[int] = (128, 128, 128, 128)
  downsamplings: int = 2
  spectral_norm: bool = True
  attention_resolution: int = 0
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    if not 1 <= self.downsamplings <= len(self.features):
      raise GenjaxError(f'downsamplings must be in [1, {len(self.features)}] (one per ResBlock of '
                        f'widths {tuple(self.features)} at most), got {self.downsamplings}')
    heights = [x.shape[1] // 2**min(i + 1, self.downsamplings) for i in range(len(self.features))]
    check_attention_resolution(self.attention_resolution, heights)
    for i, features in enumerate(self.features):
      resample = 'down' if i < self.downsamplings else 'none'
      x = ResBlock(features, resample, preactivate=i > 0, spectral_norm=self.spectral_norm,
                   dtype=self.dtype)(x, train)
      x = attend_at(x, self.attention_resolution, self.spectral_norm, train, self.dtype)
    return nn.relu(x).sum(axis=(1, 2))


class ResNetDiscriminator(nn.Module):
  """Images [B, H, W, C] -> logits [B]: `ResNetTrunk`, then a dense unit (and the projection or
  concatenated labels of a conditional D, `discriminate`)."""
  features: Sequence[int] = (128, 128, 128, 128)
  downsamplings: int = 2
  num_classes: int = 0
  conditioning: str = 'projection'
  embed_dim: int = 16
  spectral_norm: bool = True
  attention_resolution: int = 0
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    trunk = ResNetTrunk(self.features, self.downsamplings, self.spectral_norm, self.attention_resolution,
                        self.dtype, name='trunk')
    return discriminate(lambda h: trunk(h, train), x, labels, num_classes=self.num_classes,
                        conditioning=self.conditioning, embed_dim=self.embed_dim,
                        spectral_norm=self.spectral_norm, train=train, dtype=self.dtype)
