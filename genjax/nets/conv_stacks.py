"""The convolutional stacks of DCGAN (Radford et al. 2016), shared by GANs and VAEs.

Guidelines (Sec. 3), each the default of a toggle, so that nets without them can be compared:
strided convolutions instead of pooling (`downsample`, `upsample`), batch norm
(`use_batchnorm`), no hidden dense layers (`hidden_dense`), ReLU on the way up and LeakyReLU(0.2)
on the way down (`activation`). BigGAN's ingredients (Brock et al. 2019) are toggles too: spectral
norm on every layer, a self-attention block at one resolution, conditional batch norm.
"""
from collections.abc import Sequence
import functools
import math

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.errors import GenjaxError, choose
from genjax.nets.activations import hidden_activation
from genjax.nets.attention import attend_at, check_attention_resolution
from genjax.nets.downsample import StridedConv
from genjax.nets.normalization import batch_norm, maybe_spectral_norm, normalize_batch
from genjax.nets.upsample import SubpixelConvTranspose, nearest_upsample

# Down: (conv of given width, then what follows the activation). Each halves H and W, rounding up.
_DOWNSAMPLINGS = {
    'strided': (StridedConv, lambda x: x),  # 4x4 stride-2 conv
    # The pre-DCGAN baseline: a 3x3 stride-1 conv, then 2x2 max pooling.
    'pool': (functools.partial(nn.Conv, kernel_size=(3, 3), padding='SAME'),
             lambda x: nn.max_pool(x, (2, 2), strides=(2, 2), padding='SAME')),
}

# Up: (what precedes the layer, layer of given width). Each doubles H and W.
_UPSAMPLINGS = {
    'transposed': (lambda x: x, SubpixelConvTranspose),  # 4x4 stride-2 transposed conv
    # Nearest-neighbour x2, then a 3x3 conv (Odena et al. 2016, no checkerboard artifacts).
    'resize': (nearest_upsample, functools.partial(nn.Conv, kernel_size=(3, 3), padding='SAME')),
}


def base_shape(out_shape: tuple[int, int, int], features: Sequence[int]) -> tuple[int, int, int]:
  """(H / 2^n, W / 2^n, features[0]), n = len(features): where a generator that doubles H and W n
  times to `out_shape` [H, W, C] starts."""
  height, width, _ = out_shape
  scale = 2**len(features)
  if height % scale or width % scale:
    raise GenjaxError(
        f'out_shape {out_shape}: height and width must be divisible by 2^{len(features)} = {scale} '
        f'for {len(features)} upsamplings (features={tuple(features)}).')
  return height // scale, width // scale, features[0]


class DownStack(nn.Module):
  """[B, H, W, C] -> [B, D]: convs of widths `features` that halve H and W, then flatten.

  `downsample`: 'strided' (4x4 stride-2 convs, `StridedConv`) or 'pool' (3x3 convs, each followed by 2x2 max
  pooling after its activation). Each conv is followed by `activation` ('leaky_relu', slope 0.2,
  or 'relu'); with `use_batchnorm`, by batch norm before it too, except the first conv.
  `spectral_norm` normalizes every conv; `attention_resolution` > 0 inserts a self-attention
  block after the activation of the conv whose output has that height.
  """
  features: Sequence[int]
  use_batchnorm: bool
  dtype: Dtype | None = None
  activation: str = 'leaky_relu'
  downsample: str = 'strided'
  spectral_norm: bool = False
  attention_resolution: int = 0

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    activation = hidden_activation(self.activation)
    conv, pool = choose('downsample', self.downsample, _DOWNSAMPLINGS)
    heights = [math.ceil(x.shape[1] / 2**i) for i in range(1, len(self.features) + 1)]
    check_attention_resolution(self.attention_resolution, heights)
    for i, features in enumerate(self.features):
      norm = self.use_batchnorm and i > 0
      layer = conv(features, use_bias=not norm, dtype=self.dtype, name=f'Conv_{i}')
      x = maybe_spectral_norm(layer, self.spectral_norm, train)(x)
      if norm:
        x = batch_norm(train, self.dtype)(x)
      x = pool(activation(x))
      x = attend_at(x, self.attention_resolution, self.spectral_norm, train, self.dtype)
    return x.reshape(x.shape[0], -1)


class UpStack(nn.Module):
  """z [B, latent] -> [B, H, W, C] with no output activation, H, W divisible by 2^n.

  Dense to (H/2^n, W/2^n, features[0]), then n = len(features) layers that double H and W, to
  features[1], ..., features[n-1], C channels; ReLU (after batch norm if `use_batchnorm`) follows
  every layer but the last. Layers followed by batch norm have no bias.
  `upsample`: 'transposed' (sub-pixel 4x4 stride-2 transposed convs) or 'resize' (nearest x2, 3x3
  conv). `hidden_dense` > 0 puts a hidden dense layer of that width (with its norm and ReLU)
  before the first. `spectral_norm` normalizes every layer; `attention_resolution` > 0 inserts a
  self-attention block after the ReLU of the layer whose output has that height.
  Called with `cond` [B, D], batch norm is conditional: gain and bias linear in `cond`.
  """
  out_shape: tuple[int, int, int]
  features: Sequence[int]
  use_batchnorm: bool
  dtype: Dtype | None = None
  upsample: str = 'transposed'
  hidden_dense: int = 0
  spectral_norm: bool = False
  attention_resolution: int = 0

  @nn.compact
  def __call__(self, z: jax.Array, train: bool = True, cond: jax.Array | None = None) -> jax.Array:
    resize, upsampling = choose('upsample', self.upsample, _UPSAMPLINGS)
    base = base_shape(self.out_shape, self.features)
    check_attention_resolution(self.attention_resolution,
                               [base[0] * 2**i for i in range(len(self.features))])

    def norm_relu(x: jax.Array) -> jax.Array:
      if self.use_batchnorm:
        x = normalize_batch(x, train, self.dtype, cond, self.spectral_norm)
      return nn.relu(x)

    def attend(x: jax.Array) -> jax.Array:
      return attend_at(x, self.attention_resolution, self.spectral_norm, train, self.dtype)

    def dense(features: int, x: jax.Array) -> jax.Array:
      layer = nn.Dense(features, use_bias=not self.use_batchnorm, dtype=self.dtype)
      return maybe_spectral_norm(layer, self.spectral_norm, train)(x)

    def up(features: int, x: jax.Array, use_bias: bool) -> jax.Array:
      layer = upsampling(features, use_bias=use_bias, dtype=self.dtype)
      return maybe_spectral_norm(layer, self.spectral_norm, train)(resize(x))

    x = norm_relu(dense(self.hidden_dense, z)) if self.hidden_dense else z
    x = attend(norm_relu(dense(math.prod(base), x).reshape(z.shape[0], *base)))
    for features in self.features[1:]:
      x = attend(norm_relu(up(features, x, use_bias=not self.use_batchnorm)))
    return up(self.out_shape[-1], x, use_bias=True)
