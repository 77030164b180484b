"""GAN losses from discriminator logits (Goodfellow et al. 2014, Eq. 1).

  min_G max_D  E_x[log D(x)] + E_z[log(1 - D(G(z)))],  D = sigmoid(logits).

Everything is computed from logits with log-sigmoid, so no loss overflows when D saturates.
"""
from collections.abc import Callable

import jax
import jax.numpy as jnp
import optax


def discriminator_loss(
    real_logits: jax.Array, fake_logits: jax.Array, real_targets: float | jax.Array = 1.0
) -> jax.Array:
  """Binary cross-entropy of D: real against `real_targets`, fake against 0; a scalar.

  With targets 1 this is the negative of the value in Eq. 1, which D maximizes. Targets below 1
  give one-sided label smoothing (see `smoothed_real_targets`).

  Args:
    real_logits: D's logits on data, any shape.
    fake_logits: D's logits on generated samples, any shape.
    real_targets: a scalar, or an array broadcastable to `real_logits`.

  Returns:
    mean BCE(real_logits, real_targets) + mean BCE(fake_logits, 0).
  """
  real_targets = jnp.broadcast_to(real_targets, real_logits.shape)
  real = optax.sigmoid_binary_cross_entropy(real_logits, real_targets)
  fake = optax.sigmoid_binary_cross_entropy(fake_logits, jnp.zeros_like(fake_logits))
  return real.mean() + fake.mean()


def _minimax(fake_logits: jax.Array) -> jax.Array:
  # log(1 - sigmoid(l)) = log_sigmoid(-l).
  return jax.nn.log_sigmoid(-fake_logits).mean()


def _non_saturating(fake_logits: jax.Array) -> jax.Array:
  return -jax.nn.log_sigmoid(fake_logits).mean()


GENERATOR_LOSSES: dict[str, Callable[[jax.Array], jax.Array]] = {
    'minimax': _minimax,
    'non_saturating': _non_saturating,
}


def generator_loss(fake_logits: jax.Array, kind: str) -> jax.Array:
  """The generator's loss on D's logits for its samples; a scalar that G minimizes.

  'minimax': mean log(1 - D(G(z))), G's side of Eq. 1. Its gradient vanishes when D confidently
    rejects the samples (D(G(z)) -> 0), as early in training.
  'non_saturating': mean -log D(G(z)), the alternative of Goodfellow et al. 2014, Sec. 3: same
    fixed point, strong gradients early on.

  Args:
    fake_logits: D's logits on generated samples, any shape.
    kind: 'minimax' or 'non_saturating'.

  Returns:
    A scalar.

  Raises:
    ValueError: for an unknown `kind`.
  """
  if kind not in GENERATOR_LOSSES:
    raise ValueError(f'Unknown generator loss {kind!r}; expected one of {sorted(GENERATOR_LOSSES)}.')
  return GENERATOR_LOSSES[kind](fake_logits)


def smoothed_real_targets(
    key: jax.Array, shape: tuple[int, ...], low: float = 0.7, high: float = 0.9
) -> jax.Array:
  """One-sided label smoothing: real targets drawn uniformly in [low, high); fake ones stay 0.

  Salimans et al. 2016, Sec. 3.4: smoothing the fake targets too would leave samples far from
  the data with no gradient towards it. The random range [0.7, 0.9] is the course's recipe.
  """
  return jax.random.uniform(key, shape, jnp.float32, minval=low, maxval=high)
