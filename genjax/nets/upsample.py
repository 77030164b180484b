"""Doubling H and W: nearest-neighbour copies, and a 4x4 stride-2 transposed convolution computed
as one matrix multiply per layer.

Sub-pixel view (Shi et al. 2016): output pixel (2m + r, 2n + c) of phase (r, c) sums 2x2 input
pixels (m + a + r - 1, n + b + c - 1), a, b in {0, 1}, each through kernel tap (2a + r, 2b + c).
So the layer is one matmul over 2x2 input windows (`_gather`) or, when the output has few
channels, one matmul giving each input pixel's 4x4 output patch, then an overlap-add
(`_scatter`). Neither multiplies by the zero taps of a 3x3 sub-pixel kernel, and both
differentiate into matmuls and copies.
On XLA:CPU (2 cores) the MNIST generator's 7x7x128 -> 14x14x64 layer trains 1.7x faster than as
a 3x3 sub-pixel convolution and 13x faster than `lax.conv_transpose`, and stays as fast inside
`lax.scan`, where XLA:CPU leaves a convolution's weight gradient unoptimized (40x slower).
"""
import jax
import jax.numpy as jnp

from genjax.nets.four_by_four import FourByFour


def nearest_upsample(x: jax.Array) -> jax.Array:
  """[B, H, W, C] -> [B, 2H, 2W, C], each pixel copied into a 2x2 square."""
  return jnp.repeat(jnp.repeat(x, 2, axis=1), 2, axis=2)


def _phase_kernel(kernel: jax.Array) -> jax.Array:
  """[4, 4, I, O] -> [a, b, I, r, c, O]: tap (a, b) of output phase (r, c) is kernel[2a + r, 2b + c]."""
  cin, cout = kernel.shape[2:]
  return kernel.reshape(2, 2, 2, 2, cin, cout).transpose(0, 2, 4, 1, 3, 5)


def _interleave(phases: jax.Array) -> jax.Array:
  """[B, H + 1, W + 1, r, c, O] -> [B, 2H, 2W, O]: pixel (2m + r, 2n + c) is phases[m + r, n + c, r, c]."""
  batch, h, w, _, _, cout = phases.shape
  h, w = h - 1, w - 1
  rows = [jnp.stack([phases[:, r:r + h, c:c + w, r, c] for c in (0, 1)], axis=3) for r in (0, 1)]
  return jnp.stack(rows, axis=2).reshape(batch, 2 * h, 2 * w, cout)


def _pad_hw(x: jax.Array) -> jax.Array:
  """Zero-pads axes 1 and 2 (H and W) by one on each side."""
  return jnp.pad(x, [(0, 0), (1, 1), (1, 1)] + [(0, 0)] * (x.ndim - 3))


def _gather(x: jax.Array, kernel: jax.Array) -> jax.Array:
  """Phases from the 2x2 windows of the zero-padded input: [B(H+1)(W+1), 4I] @ [4I, 4O]."""
  batch, h, w, cin = x.shape
  padded = _pad_hw(x)
  windows = jnp.concatenate([padded[:, a:a + h + 1, b:b + w + 1] for a in (0, 1) for b in (0, 1)], -1)
  phases = windows.reshape(-1, 4 * cin) @ _phase_kernel(kernel).reshape(4 * cin, -1)
  return _interleave(phases.reshape(batch, h + 1, w + 1, 2, 2, -1))


def _scatter(x: jax.Array, kernel: jax.Array) -> jax.Array:
  """Phases as overlap-adds of each input pixel's taps: [BHW, I] @ [I, 16 O], then shifted sums."""
  batch, h, w, cin = x.shape
  taps = x.reshape(-1, cin) @ _phase_kernel(kernel).transpose(2, 0, 1, 3, 4, 5).reshape(cin, -1)
  taps = _pad_hw(taps.reshape(batch, h, w, 2, 2, -1))
  phases = sum(taps[:, a:a + h + 1, b:b + w + 1, a, b] for a in (0, 1) for b in (0, 1))
  return _interleave(phases.reshape(batch, h + 1, w + 1, 2, 2, -1))


class SubpixelConvTranspose(FourByFour):
  """[B, H, W, I] -> [B, 2H, 2W, features], exactly like a 4x4 stride-2 transposed convolution.

  Same parameters (names, shapes, init) and same outputs as
  `nn.ConvTranspose(features, (4, 4), strides=(2, 2), padding='SAME')`, which is
  `lax.conv_transpose(x, kernel, (2, 2), 'SAME')`. That equals PyTorch's
  `ConvTranspose2d(I, O, 4, stride=2, padding=1)` with weight[i, o, a, b] = kernel[3-a, 3-b, i, o].
  """

  def apply_kernel(self, x: jax.Array, kernel: jax.Array) -> jax.Array:
    # The smaller intermediate: 4I values per window, or 16 O per input pixel.
    return _gather(x, kernel) if x.shape[-1] <= 4 * self.features else _scatter(x, kernel)
