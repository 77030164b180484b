"""Coupled generator and discriminator pairs (Liu & Tuzel 2016, "Coupled Generative Adversarial
Networks"): two nets, one per image domain of x [H, W, 2] (channel 0 domain A, channel 1 domain B),
that share some layers. A shared layer is one parameter array under 'shared', used by both nets;
each net's own layers sit under 'own_a' and 'own_b'. The generators share the layers nearest z
(which decode the content), the discriminators those nearest the output."""
from collections.abc import Sequence
import math

import flax.linen as nn
import jax
import jax.numpy as jnp
from flax.typing import Dtype

from genjax.errors import GenjaxError
from genjax.nets.conv_stacks import DownStack
from genjax.nets.downsample import StridedConv
from genjax.nets.normalization import batch_norm
from genjax.nets.upsample import SubpixelConvTranspose

DOMAINS = ('a', 'b')


def _norm_relu(x: jax.Array, train: bool, dtype: Dtype | None) -> jax.Array:
  return nn.relu(batch_norm(train, dtype)(x))


class GeneratorTrunk(nn.Module):
  """The generators' shared layers: z -> dense to `base` (H, W, C), then one ×2 up-sampling
  (4x4 stride-2 transposed conv) to `width` channels; batch norm and ReLU after each."""
  base: tuple[int, int, int]
  width: int
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array, train: bool) -> jax.Array:
    x = nn.Dense(math.prod(self.base), use_bias=False, dtype=self.dtype)(z).reshape(z.shape[0], *self.base)
    x = _norm_relu(x, train, self.dtype)
    x = SubpixelConvTranspose(self.width, use_bias=False, dtype=self.dtype)(x)
    return _norm_relu(x, train, self.dtype)


class GeneratorHead(nn.Module):
  """One generator's own layers: ×2 up-samplings to `features` (batch norm, ReLU), then a last ×2
  up-sampling to one channel and tanh."""
  features: Sequence[int]
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool) -> jax.Array:
    for width in self.features:
      x = _norm_relu(SubpixelConvTranspose(width, use_bias=False, dtype=self.dtype)(x), train, self.dtype)
    return jnp.tanh(SubpixelConvTranspose(1, dtype=self.dtype)(x))


class CoupledGenerator(nn.Module):
  """z [B, latent] -> [B, H, W, 2]: g1(z) and g2(z) as channels 0 and 1, one shared trunk.

  `features` (f0, ..., fn-1) as DCGAN's UpStack: dense to (H/2^n, W/2^n, f0), n ×2 up-samplings
  to f1, ..., fn-1, 1; the dense layer and the first up-sampling are shared.
  """
  out_shape: tuple[int, int]
  features: Sequence[int]
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array, train: bool = True) -> jax.Array:
    scale = 2**len(self.features)
    height, width = self.out_shape
    if height % scale or width % scale:
      raise GenjaxError(f'images of {height}x{width}: height and width must be divisible by '
                        f'2^{len(self.features)} = {scale} for model.g_features={tuple(self.features)}')
    base = (height // scale, width // scale, self.features[0])
    content = GeneratorTrunk(base, self.features[1], self.dtype, name='shared')(z, train)
    heads = [GeneratorHead(tuple(self.features[2:]), self.dtype, name=f'own_{domain}') for domain in DOMAINS]
    return jnp.concatenate([head(content, train) for head in heads], axis=-1)


class DiscriminatorTrunk(nn.Module):
  """The discriminators' shared layers: DCGAN's strided LeakyReLU convs of widths `features`, flatten,
  dense to one logit."""
  features: Sequence[int]
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    return nn.Dense(1, dtype=self.dtype)(DownStack(self.features, use_batchnorm=False, dtype=self.dtype)(x))


class CoupledDiscriminator(nn.Module):
  """x [B, H, W, 2] -> logits [B, 2]: f1 on channel 0, f2 on channel 1. Each has its own first conv
  (4x4 stride 2, width features[0], LeakyReLU 0.2); one shared trunk (features[1:], dense) takes both."""
  features: Sequence[int]
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    trunk = DiscriminatorTrunk(tuple(self.features[1:]), self.dtype, name='shared')
    logits = []
    for channel, domain in enumerate(DOMAINS):
      own = StridedConv(self.features[0], dtype=self.dtype, name=f'own_{domain}')
      logits.append(trunk(nn.leaky_relu(own(x[..., channel:channel + 1]), 0.2)))
    return jnp.concatenate(logits, axis=-1)
