"""The vector quantizer against hand computations: lookup, straight-through, EMA, perplexity, restarts."""
import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.nets import vector_quantizer as vq

CODEBOOK = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]], np.float32)


def test_nearest_codes_picks_the_closest_code():
  z_e = np.random.default_rng(0).normal(size=(4, 5, 2)).astype(np.float32) * 2
  distances = np.sum((z_e[..., None, :] - CODEBOOK) ** 2, axis=-1)
  nearest = jax.jit(vq.nearest_codes)
  np.testing.assert_array_equal(nearest(z_e, CODEBOOK), distances.argmin(-1))
  assert nearest(np.array([[0.9, 0.1], [0.1, 1.5], [0.0, 0.0]], np.float32), CODEBOOK).tolist() == [1, 2, 0]


def test_straight_through_is_z_q_forward_and_passes_the_gradient_unchanged():
  z_e = np.random.default_rng(0).normal(size=(3, 2)).astype(np.float32)
  z_q = CODEBOOK[[1, 0, 2]]
  loss = lambda z: jnp.sum(jnp.sin(3 * z) * jnp.arange(1.0, 7.0).reshape(3, 2))
  through = lambda z: vq.straight_through(z, z_q)
  forward, grad = jax.jit(lambda z: (through(z), jax.grad(lambda v: loss(through(v)))(z)))(z_e)
  chex.assert_trees_all_close(forward, z_q, atol=1e-6)
  chex.assert_trees_all_close(grad, jax.jit(jax.grad(loss))(z_q))
  assert not np.allclose(grad, jax.jit(jax.grad(loss))(z_e))  # The gradient is taken at z_q, not z_e.


@pytest.mark.parametrize('codes, expected', [
    (np.arange(12) % 4, 4.0),              # uniform over K = 4
    (np.full(12, 2), 1.0),                 # one code
    (np.array([0, 0, 1, 1]), 2.0),         # two of four codes, equally
])
def test_perplexity(codes, expected):
  perplexity = jax.jit(vq.code_perplexity, static_argnums=1)(codes.reshape(2, -1), 4)
  np.testing.assert_allclose(perplexity, expected, rtol=1e-6)


def test_ema_update_matches_a_hand_computation():
  decay, epsilon = 0.9, 0.01
  state = {'codebook': CODEBOOK, 'cluster_size': np.array([1.0, 2.0, 0.5]),
           'cluster_sum': np.array([[0.5, 0.5], [2.0, 0.0], [0.0, 1.0]])}
  z_e = np.array([[1.0, 1.0], [3.0, 1.0], [0.8, 0.2]], np.float32)
  codes = np.array([0, 0, 1])  # code 2 unused
  n = np.array([2.0, 1.0, 0.0])
  sums = np.array([[4.0, 2.0], [0.8, 0.2], [0.0, 0.0]])
  size = 0.9 * state['cluster_size'] + 0.1 * n
  total_sum = 0.9 * state['cluster_sum'] + 0.1 * sums
  smoothed = (size + epsilon) / (size.sum() + 3 * epsilon) * size.sum()
  new = jax.jit(vq.ema_update, static_argnums=(3, 4))(state, z_e, codes, decay, epsilon)
  chex.assert_trees_all_close(new, {'codebook': total_sum / smoothed[:, None], 'cluster_size': size,
                                    'cluster_sum': total_sum}, rtol=1e-5)


def test_a_dead_code_restarts_on_an_encoder_output():
  z_e = np.random.default_rng(0).normal(10, 1, size=(2, 3, 2)).astype(np.float32)

  @jax.jit
  def restart(unused_steps, codes):
    unused = vq.steps_unused(unused_steps, codes)
    return unused, vq.restart_dead_codes(jax.random.key(1), CODEBOOK, unused >= 3, z_e)

  unused, restarted = restart(np.array([5, 0, 2]), np.array([[1, 1], [0, 1]]))
  np.testing.assert_array_equal(unused, [0, 0, 3])
  np.testing.assert_array_equal(restarted[:2], CODEBOOK[:2])
  assert np.any(np.all(z_e.reshape(-1, 2) == np.asarray(restarted[2]), axis=1))
