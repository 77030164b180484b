"""StridedConv is a 4x4 stride-2 'SAME' conv, in both its forms: same parameters, outputs, gradients."""
import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import pytest

from genjax.nets.downsample import StridedConv, traced_in_a_loop

REFERENCE = dict(kernel_size=(4, 4), strides=(2, 2), padding='SAME')


@pytest.mark.parametrize('in_a_loop', [False, True])
@pytest.mark.parametrize('b,h,w,cin,cout', [(1, 1, 1, 1, 1), (2, 7, 4, 3, 2), (2, 28, 28, 1, 5), (1, 5, 6, 8, 3)])
def test_same_parameters_outputs_and_gradients_as_a_strided_conv(b, h, w, cin, cout, in_a_loop):
  x = jax.random.normal(jax.random.key(h * w), (b, h, w, cin))
  reference = nn.Conv(cout, **REFERENCE)
  variables = StridedConv(cout).init(jax.random.key(1), x)
  chex.assert_trees_all_equal(variables, reference.init(jax.random.key(1), x))  # names, shapes, init
  variables = jax.tree.map(lambda p: p + 0.5, variables)  # A non-zero bias too.
  cotangent = jax.random.normal(jax.random.key(2), (b, -(-h // 2), -(-w // 2), cout))

  def outputs_and_gradients(module, variables, x):
    out, vjp = jax.vjp(module.apply, variables, x)
    return out, vjp(cotangent)

  def in_a_scan(variables, x):  # As the trainer runs fused steps: the body traced in a loop.
    with traced_in_a_loop():
      return jax.lax.scan(lambda _, __: (None, outputs_and_gradients(StridedConv(cout), variables, x)),
                          None, length=1)[1]

  ours = jax.jit(in_a_scan if in_a_loop else lambda v, x: outputs_and_gradients(StridedConv(cout), v, x))
  assert ('conv_general_dilated' in str(jax.make_jaxpr(ours)(variables, x))) == (not in_a_loop)  # The form.
  out, grads = jax.tree.map(lambda a: a[0] if in_a_loop else a, ours(variables, x))
  ref_out, ref_grads = jax.jit(lambda v, x: outputs_and_gradients(reference, v, x))(variables, x)
  chex.assert_shape(out, ref_out.shape)
  chex.assert_trees_all_close(out, ref_out, rtol=1e-5, atol=1e-5)
  chex.assert_trees_all_close(grads, ref_grads, rtol=1e-5, atol=1e-4)  # parameters and input


def test_without_bias_and_compute_dtype():
  layer = StridedConv(4, use_bias=False, dtype=jnp.bfloat16)
  variables = layer.init(jax.random.key(0), jnp.ones((1, 6, 6, 3)))
  assert set(variables['params']) == {'kernel'}
  chex.assert_type(variables['params']['kernel'], jnp.float32)
  y = layer.apply(variables, jnp.ones((1, 6, 6, 3)))
  chex.assert_shape(y, (1, 3, 3, 4))
  chex.assert_type(y, jnp.bfloat16)
