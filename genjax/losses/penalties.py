"""Regularizers of the adversarial game: gradient penalties on D, orthogonality on weights.

Each returns the bare penalty; the caller multiplies by its weight (λ, γ/2, β).
"""
from collections.abc import Callable

import jax
import jax.numpy as jnp

Critic = Callable[[jax.Array], jax.Array]  # x [B, ...] -> one score per example [B]


def _input_gradients(critic: Critic, x: jax.Array) -> jax.Array:
  """∇_x critic(x) per example, flattened to [B, D] (examples must not interact inside `critic`)."""
  grads = jax.grad(lambda inputs: critic(inputs).sum())(x)
  return grads.reshape(x.shape[0], -1)


def gradient_penalty(critic: Critic, real: jax.Array, fake: jax.Array, key: jax.Array) -> jax.Array:
  """WGAN-GP's two-sided penalty (Gulrajani et al. 2017, Eq. 3, without λ):

    E (||∇ D(x̂)||_2 - 1)^2,   x̂ = ε x + (1 - ε) G(z),  ε ~ U[0, 1] per example.

  Zero for a linear critic whose weight has unit norm.
  """
  eps = jax.random.uniform(key, (real.shape[0],) + (1,) * (real.ndim - 1), real.dtype)
  norms = jnp.linalg.norm(_input_gradients(critic, eps * real + (1 - eps) * fake), axis=1)
  return jnp.square(norms - 1).mean()


def r1_penalty(critic: Critic, real: jax.Array) -> jax.Array:
  """R1 (Mescheder et al. 2018, Eq. 9, without γ/2): E_data ||∇ D(x)||_2^2 on real data only."""
  return jnp.square(_input_gradients(critic, real)).sum(axis=1).mean()


def orthogonal_regularization(params) -> jax.Array:
  """BigGAN's orthogonal regularization (Brock et al. 2019, Eq. 3, without β):

    sum over weight matrices W of ||W^T W ⊙ (1 - I)||_F^2,

  the filters' pairwise cosines pushed to 0 without constraining their norms. Every kernel with
  two or more axes counts, reshaped to [fan_in, out] (columns = filters); biases and scales don't.
  Computed as ||W W^T||_F^2 - sum_i ||w_i||^4 (||W^T W||_F = ||W W^T||_F) with the smaller Gram
  matrix: a dense layer to 7·7·128 units then costs a 116 x 116 Gram, not 6272 x 6272.
  """
  def penalty(path, leaf) -> jax.Array:
    if getattr(path[-1], 'key', None) != 'kernel' or leaf.ndim < 2:
      return jnp.zeros((), jnp.float32)
    w = leaf.reshape(-1, leaf.shape[-1]).astype(jnp.float32)
    gram = w @ w.T if w.shape[0] < w.shape[1] else w.T @ w
    return jnp.square(gram).sum() - jnp.square(jnp.square(w).sum(axis=0)).sum()

  return sum(jax.tree.leaves(jax.tree_util.tree_map_with_path(penalty, params)), jnp.zeros(()))
