"""PixelCNN: masked convolutions are causal in raster order; the sampler draws in that order."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.nets import MaskedConv, PixelCNN
from genjax.nets.pixelcnn import sample_grid

H, W, K = 4, 5, 6
ORDER = np.arange(H * W).reshape(H, W)  # raster order of the grid's positions


@pytest.mark.parametrize('mask_type', ['A', 'B'])
def test_masked_conv_sees_only_earlier_positions(mask_type, random_variables):
  conv = MaskedConv(3, 5, mask_type)
  x = jnp.asarray(np.random.default_rng(0).normal(size=(1, H, W, 2)), jnp.float32)
  variables = random_variables(conv, x)
  grad_at = jax.jit(lambda row, col: jax.grad(lambda v: conv.apply(variables, v)[0, row, col].sum())(x))
  for row, col in [(0, 0), (1, 2), (3, 4)]:
    grad = grad_at(row, col)
    seen = np.abs(np.asarray(grad[0])).sum(-1) > 0
    index = row * W + col
    assert not np.any(seen & (ORDER > index))
    assert seen[row, col] == (mask_type == 'B')
    if index:  # Some earlier position is seen (a mask of zeros would pass the lines above).
      assert np.any(seen & (ORDER < index))


def test_pixelcnn_logits_do_not_depend_on_the_code_at_or_after_their_position(random_variables):
  net = PixelCNN(K, features=8, num_layers=2, first_kernel=3)
  codes = np.random.default_rng(0).integers(0, K, (1, H, W))
  apply = jax.jit(net.apply)
  variables = random_variables(net, codes)
  logits = apply(variables, codes)
  for row, col in [(0, 0), (1, 3), (3, 4)]:
    other = codes.copy()
    other[0, row, col] = (codes[0, row, col] + 1) % K
    changed = apply(variables, other)
    moved = np.abs(np.asarray(changed - logits)[0]).sum(-1) > 1e-6
    assert not np.any(moved & (ORDER <= row * W + col))
    assert np.any(moved) or (row, col) == (H - 1, W - 1)


def test_sampler_draws_in_raster_order_from_the_logits():
  """With logits certain of 'the previous position's code + 1', the grid is 0, 1, 2, ... mod K."""
  def logits_fn(codes):
    flat = codes.reshape(codes.shape[0], -1)
    previous = jnp.concatenate([jnp.full((codes.shape[0], 1), -1), flat[:, :-1]], axis=1)
    return 50.0 * jax.nn.one_hot((previous + 1) % K, K).reshape(*codes.shape, K)

  codes = jax.jit(lambda key: sample_grid(logits_fn, key, 2, (H, W)))(jax.random.key(0))
  np.testing.assert_array_equal(codes, np.broadcast_to(ORDER % K, (2, H, W)))


def test_pixelcnn_samples_are_codes_and_deterministic_per_key(random_variables):
  net = PixelCNN(K, features=8, num_layers=1, first_kernel=3)
  variables = random_variables(net, jnp.zeros((1, H, W), jnp.int32))
  draw = jax.jit(lambda key: sample_grid(lambda c: net.apply(variables, c), key, 3, (H, W)))
  first, again, other = draw(jax.random.key(1)), draw(jax.random.key(1)), draw(jax.random.key(2))
  assert first.shape == (3, H, W) and first.dtype == jnp.int32
  assert np.all((np.asarray(first) >= 0) & (np.asarray(first) < K))
  np.testing.assert_array_equal(first, again)
  assert not np.array_equal(first, other)
