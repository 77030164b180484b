"""A small PixelCNN (van den Oord et al. 2016, "Pixel Recurrent Neural Networks", Sec. 3.4-3.5)
over a grid of discrete codes: the autoregressive prior of a VQ-VAE.

Positions are ordered in raster order (row by row, left to right). Masked convolutions keep the
logits at a position a function of the codes before it only: the first layer has mask A (the
centre tap excluded), every later layer mask B (the centre tap included, which still only sees
what the layers below computed from earlier positions). Like the original PixelCNN, the stack has
a blind spot above and right of each position (Gated PixelCNN removes it); on the small code grids
it serves, the receptive field otherwise covers every earlier row.
"""
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
from flax.typing import Dtype

def causal_mask(size: int, in_features: int, out_features: int, mask_type: str) -> np.ndarray:
  """[size, size, in, out] ones on the taps a raster-order causal convolution may use.

  Rows above the centre and taps left of it in its row; the centre itself for mask 'B' only.
  """
  centre = size // 2
  taps = np.zeros((size, size), np.float32)
  taps[:centre] = 1
  taps[centre, :centre + (mask_type == 'B')] = 1
  return np.broadcast_to(taps[:, :, None, None], (size, size, in_features, out_features))


class MaskedConv(nn.Module):
  """A stride-1 'SAME' convolution of odd `kernel_size` whose kernel is multiplied by `causal_mask`."""
  features: int
  kernel_size: int
  mask_type: str
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    mask = causal_mask(self.kernel_size, x.shape[-1], self.features, self.mask_type)
    return nn.Conv(self.features, (self.kernel_size, self.kernel_size), padding='SAME',
                   mask=jnp.asarray(mask), dtype=self.dtype, name='conv')(x)


class PixelCNN(nn.Module):
  """Codes [B, H, W] in [0, num_codes) -> logits [B, H, W, num_codes] of each code given the
  codes before it: a mask-A conv of `first_kernel`, `num_layers` residual mask-B 3x3 convs, then
  two 1x1 layers (ReLU between)."""
  num_codes: int
  features: int = 64
  num_layers: int = 4
  first_kernel: int = 5
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, codes: jax.Array) -> jax.Array:
    x = jax.nn.one_hot(codes, self.num_codes, dtype=self.dtype or jnp.float32)
    x = MaskedConv(self.features, self.first_kernel, 'A', self.dtype)(x)
    for _ in range(self.num_layers):
      x = x + MaskedConv(self.features, 3, 'B', self.dtype)(nn.relu(x))
    x = nn.Dense(self.features, dtype=self.dtype)(nn.relu(x))  # 1x1 convolutions
    return nn.Dense(self.num_codes, dtype=self.dtype)(nn.relu(x))


def sample_grid(logits_fn, key: jax.Array, num: int, grid: tuple[int, int]) -> jax.Array:
  """`num` code grids [num, H, W] drawn one position at a time in raster order.

  `logits_fn(codes [num, H, W]) -> [num, H, W, K]` must be causal (a PixelCNN's apply): position
  i is drawn from its logits once positions < i hold their draws. One `lax.fori_loop` over the H·W
  positions, each a full forward pass (cheap on a small grid); position i uses fold_in(key, i).
  """
  height, width = grid

  def draw(i, codes):
    row, col = i // width, i % width
    logits = logits_fn(codes)[:, row, col].astype(jnp.float32)
    return codes.at[:, row, col].set(jax.random.categorical(jax.random.fold_in(key, i), logits))

  return jax.lax.fori_loop(0, height * width, draw, jnp.zeros((num, height, width), jnp.int32))
