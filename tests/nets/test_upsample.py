"""SubpixelConvTranspose is a 4x4 stride-2 transposed conv: same parameters, outputs, gradients."""
import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.nets import SubpixelConvTranspose

_DIMS = ('NHWC', 'HWIO', 'NHWC')


def _conv_transpose(x: jax.Array, kernel: jax.Array, bias: jax.Array) -> jax.Array:
  # Padding k - 1 - p = 2 on each side is PyTorch's padding p = 1.
  return jax.lax.conv_transpose(
      x, kernel, (2, 2), ((2, 2), (2, 2)), dimension_numbers=_DIMS) + bias


def _subpixel(x: jax.Array, kernel: jax.Array, bias: jax.Array) -> jax.Array:
  params = {'params': {'kernel': kernel, 'bias': bias}}
  return SubpixelConvTranspose(kernel.shape[-1]).apply(params, x)


def _random(key: jax.Array, b: int, h: int, w: int, cin: int, cout: int):
  kx, kk, kb = jax.random.split(key, 3)
  return (jax.random.normal(kx, (b, h, w, cin)), jax.random.normal(kk, (4, 4, cin, cout)),
          jax.random.normal(kb, (cout,)))


@jax.jit
def _outputs_and_gradients(args, cotangent):
  out, vjp = jax.vjp(_subpixel, *args)
  ref_out, ref_vjp = jax.vjp(_conv_transpose, *args)
  return (out, vjp(cotangent)), (ref_out, ref_vjp(cotangent))


@pytest.mark.parametrize('b,h,w,cin,cout', [(1, 1, 1, 1, 1), (2, 3, 5, 2, 3), (2, 3, 5, 9, 2)])
def test_equals_conv_transpose_values_and_gradients(b, h, w, cin, cout):
  key_args, key_cotangent = jax.random.split(jax.random.key(h * w))
  args = _random(key_args, b, h, w, cin, cout)
  cotangent = jax.random.normal(key_cotangent, (b, 2 * h, 2 * w, cout))
  (out, grads), (ref_out, ref_grads) = _outputs_and_gradients(args, cotangent)
  chex.assert_shape(out, (b, 2 * h, 2 * w, cout))
  chex.assert_trees_all_close(out, ref_out, rtol=1e-5, atol=1e-5)
  # Gradients with respect to input, kernel and bias.
  chex.assert_trees_all_close(grads, ref_grads, rtol=1e-5, atol=1e-4)


def test_matches_pytorch_definition_with_flipped_kernel():
  x, kernel, bias = _random(jax.random.key(0), 2, 3, 2, 2, 3)
  # PyTorch ConvTranspose2d(k=4, s=2, p=1): out[2i - 1 + a] += x[i] @ weight[:, :, a], cropped.
  weight = np.asarray(kernel)[::-1, ::-1].transpose(2, 3, 0, 1)  # [I, O, 4, 4]
  x_np = np.asarray(x)
  full = np.zeros((2, 2 * 3 + 2, 2 * 2 + 2, 3), np.float32)
  for i in range(3):
    for j in range(2):
      for a in range(4):
        for c in range(4):
          full[:, 2 * i + a, 2 * j + c] += x_np[:, i, j] @ weight[:, :, a, c]
  chex.assert_trees_all_close(
      _subpixel(x, kernel, bias), full[:, 1:-1, 1:-1] + np.asarray(bias), rtol=1e-5, atol=1e-5)


def test_same_parameters_and_outputs_as_flax_conv_transpose():
  x = jax.random.normal(jax.random.key(0), (2, 3, 4, 5))
  reference = nn.ConvTranspose(6, (4, 4), strides=(2, 2), padding='SAME')
  ref_vars = reference.init(jax.random.key(1), x)
  variables = SubpixelConvTranspose(6).init(jax.random.key(1), x)
  chex.assert_trees_all_equal(variables, ref_vars)  # names, shapes and initial values
  chex.assert_shape(variables['params']['kernel'], (4, 4, 5, 6))
  assert sum(p.size for p in jax.tree.leaves(variables)) == 4 * 4 * 5 * 6 + 6
  # Non-zero bias, so both add it the same way.
  ref_vars = jax.tree.map(lambda p: p + 0.5, ref_vars)
  chex.assert_trees_all_close(
      SubpixelConvTranspose(6).apply(ref_vars, x), reference.apply(ref_vars, x),
      rtol=1e-5, atol=1e-5)


def test_without_bias_and_compute_dtype():
  x = jnp.ones((1, 2, 2, 3))
  layer = SubpixelConvTranspose(4, use_bias=False, dtype=jnp.bfloat16)
  variables = layer.init(jax.random.key(0), x)
  assert set(variables['params']) == {'kernel'}
  chex.assert_type(variables['params']['kernel'], jnp.float32)
  y = layer.apply(variables, x)
  chex.assert_shape(y, (1, 4, 4, 4))
  chex.assert_type(y, jnp.bfloat16)
