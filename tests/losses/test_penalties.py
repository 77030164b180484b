"""Tests for genjax.losses.penalties."""
import jax
import jax.numpy as jnp
import numpy as np

from genjax.losses import gradient_penalty, orthogonal_regularization, r1_penalty


def _linear_critic(w: jax.Array):
  return lambda x: x.reshape(x.shape[0], -1) @ w


def test_gradient_penalty_is_zero_for_a_unit_norm_linear_critic():
  key_w, key_r, key_f, key = jax.random.split(jax.random.key(0), 4)
  w = jax.random.normal(key_w, (12,))
  w = w / jnp.linalg.norm(w)
  real = jax.random.normal(key_r, (16, 2, 2, 3))
  fake = jax.random.normal(key_f, (16, 2, 2, 3))
  assert abs(float(jax.jit(gradient_penalty, static_argnums=0)(_linear_critic(w), real, fake, key))) < 1e-10


def test_gradient_penalty_by_hand():
  """A linear critic of norm 3 has gradient norm 3 everywhere: penalty (3 - 1)^2 = 4; for the
  quadratic critic sum(x^2) the gradient at x̂ is 2 x̂, so the penalty depends on where x̂ lands."""
  key = jax.random.key(1)
  real, fake = jnp.ones((5, 4)), jnp.zeros((5, 4))
  np.testing.assert_allclose(gradient_penalty(_linear_critic(jnp.full((4,), 1.5)), real, fake, key), 4.0,
                             rtol=1e-6)
  eps = jax.random.uniform(key, (5, 1))
  expected = np.mean((np.linalg.norm(2 * eps * np.ones((5, 4)), axis=1) - 1)**2)
  quadratic = lambda x: jnp.square(x).sum(axis=1)
  np.testing.assert_allclose(gradient_penalty(quadratic, real, fake, key), expected, rtol=1e-5)


def test_r1_penalty_by_hand():
  """D(x) = sum(x^2) has ∇D = 2x, so R1 = mean over examples of 4 ||x||^2."""
  x = jnp.arange(12.0).reshape(3, 4) / 10
  expected = np.mean(4 * np.square(np.asarray(x)).sum(axis=1))
  np.testing.assert_allclose(r1_penalty(lambda v: jnp.square(v).sum(axis=1), x), expected, rtol=1e-6)


def test_orthogonal_regularization_by_hand():
  orthonormal = np.linalg.qr(np.random.default_rng(0).normal(size=(6, 4)))[0]  # 4 orthonormal columns
  scaled = orthonormal * np.array([1.0, 2.0, 3.0, 4.0])  # still orthogonal, other norms: no penalty
  conv = np.random.default_rng(1).normal(size=(3, 3, 2, 5))
  w = conv.reshape(-1, 5)
  off_diagonal = (w.T @ w) * (1 - np.eye(5))
  params = {'dense': {'kernel': jnp.asarray(scaled), 'bias': jnp.ones(4)},
            'conv': {'kernel': jnp.asarray(conv)}, 'norm': {'scale': jnp.ones(5)}}
  np.testing.assert_allclose(orthogonal_regularization(params), np.square(off_diagonal).sum(), rtol=1e-4)
  assert abs(float(orthogonal_regularization({'kernel': jnp.asarray(scaled)}))) < 1e-4
  wide = np.random.default_rng(2).normal(size=(3, 40))  # fan_in < filters: the other Gram matrix
  off_diagonal = (wide.T @ wide) * (1 - np.eye(40))
  np.testing.assert_allclose(orthogonal_regularization({'kernel': jnp.asarray(wide)}),
                             np.square(off_diagonal).sum(), rtol=1e-4)
