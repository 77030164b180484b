"""Halving H and W: a 4x4 stride-2 'SAME' convolution, in the form XLA:CPU runs fastest where it
is traced.

Outside loops that is XLA's convolution. Inside `lax.scan` XLA:CPU leaves a convolution's weight
gradient unoptimized (2 cores: the DCGAN discriminator's 14x14x64 -> 7x7x128 layer 444 ms a step
against 13 ms in the form below; `python scripts/benchmark_layers.py`), so in a loop body traced under
`traced_in_a_loop()` the layer takes its space-to-depth form. Padded as 'SAME' pads it, the input
folds into 2x2 blocks of 4C channels, and output pixel (m, n) reads blocks (m + a, n + b), a, b in
{0, 1}, through kernel taps (2a + r, 2b + c) for the block's pixel (r, c): four matmuls
[B H' W', 4C] @ [4C, O] summed, which differentiate into matmuls and copies.
"""
from collections.abc import Iterator
import contextlib
import contextvars

import jax
import jax.numpy as jnp

from genjax.nets.four_by_four import FourByFour

_IN_A_LOOP = contextvars.ContextVar('genjax_traced_in_a_loop', default=False)


@contextlib.contextmanager
def traced_in_a_loop() -> Iterator[None]:
  """Marks the tracing of a loop body (`lax.scan`'s function): strided convs take their matmul form."""
  token = _IN_A_LOOP.set(True)
  try:
    yield
  finally:
    _IN_A_LOOP.reset(token)


def _blocks(x: jax.Array) -> jax.Array:
  """[B, H, W, C] padded as a 4x4 stride-2 'SAME' conv pads it -> [B, H' + 1, W' + 1, (r, c, C)],
  H' = ceil(H / 2): block (i, j) holds padded pixels (2i + r, 2j + c)."""
  batch, h, w, cin = x.shape
  out_h, out_w = -(-h // 2), -(-w // 2)
  pad_h, pad_w = 2 * out_h + 2 - h, 2 * out_w + 2 - w
  x = jnp.pad(x, [(0, 0), (pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2), (0, 0)])
  x = x.reshape(batch, out_h + 1, 2, out_w + 1, 2, cin).transpose(0, 1, 3, 2, 4, 5)
  return x.reshape(batch, out_h + 1, out_w + 1, 4 * cin)


def _block_kernel(kernel: jax.Array) -> jax.Array:
  """[4, 4, I, O] -> [a, b, (r, c, I), O]: tap (2a + r, 2b + c) for window block (a, b), pixel (r, c)."""
  cin, cout = kernel.shape[2:]
  return kernel.reshape(2, 2, 2, 2, cin, cout).transpose(0, 2, 1, 3, 4, 5).reshape(2, 2, 4 * cin, cout)


def space_to_depth_conv(x: jax.Array, kernel: jax.Array) -> jax.Array:
  """`lax.conv_general_dilated(x, kernel, (2, 2), 'SAME')` (NHWC, HWIO) as four matmuls."""
  blocks, taps = _blocks(x), _block_kernel(kernel)
  h, w = blocks.shape[1] - 1, blocks.shape[2] - 1
  return sum(blocks[:, a:a + h, b:b + w] @ taps[a, b] for a in (0, 1) for b in (0, 1))


def strided_conv(x: jax.Array, kernel: jax.Array) -> jax.Array:
  """The 4x4 stride-2 'SAME' convolution, in XLA's form or, traced in a loop on CPU, in matmuls."""
  if _IN_A_LOOP.get() and jax.default_backend() == 'cpu':
    return space_to_depth_conv(x, kernel)
  return jax.lax.conv_general_dilated(x, kernel, (2, 2), 'SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))


class StridedConv(FourByFour):
  """[B, H, W, I] -> [B, ceil(H / 2), ceil(W / 2), features]: `nn.Conv(features, (4, 4),
  strides=(2, 2), padding='SAME')`, with the same parameters (names, shapes, init) and outputs,
  computed by `strided_conv`."""

  def apply_kernel(self, x: jax.Array, kernel: jax.Array) -> jax.Array:
    return strided_conv(x, kernel)
