"""Adversarial losses from the discriminator's raw outputs (logits, or critic scores).

Each loss is a pair: D's loss on its outputs for real and generated samples, and G's loss on D's
outputs for generated samples; both are scalars that their player minimizes.

  minimax         Goodfellow et al. 2014, Eq. 1: D maximizes E log D(x) + E log(1 - D(G(z))),
                  G minimizes E log(1 - D(G(z))). D = sigmoid(logits).
  non_saturating  the same D; G minimizes -E log D(G(z)) (Goodfellow et al. 2014, Sec. 3).
  hinge           Lim & Ye 2017; Miyato et al. 2018, Eq. 16-17 (used by SAGAN and BigGAN):
                  D: E relu(1 - D(x)) + E relu(1 + D(G(z))); G: -E D(G(z)).
  least_squares   Mao et al. 2017, Eq. 2 with a = 0, b = c = 1:
                  D: 1/2 E (D(x) - 1)^2 + 1/2 E D(G(z))^2; G: 1/2 E (D(G(z)) - 1)^2.
  wasserstein     Arjovsky et al. 2017, Eq. 3: the critic maximizes E D(x) - E D(G(z)); G
                  minimizes -E D(G(z)). Needs a Lipschitz constraint: see `penalties`.

The cross-entropy losses use log-sigmoid, so they stay finite when D saturates.
"""
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp


class AdversarialLoss(NamedTuple):
  """D's loss (real outputs, fake outputs, real targets) and G's loss (fake outputs)."""
  discriminator: Callable[[jax.Array, jax.Array, float | jax.Array], jax.Array]
  generator: Callable[[jax.Array], jax.Array]
  probabilistic: bool  # D's outputs are logits of P(real): label smoothing and D(x) make sense.


def _bce(logits: jax.Array, targets: float | jax.Array) -> jax.Array:
  """Mean binary cross-entropy of sigmoid(logits) against `targets`."""
  return -(targets * jax.nn.log_sigmoid(logits) + (1 - targets) * jax.nn.log_sigmoid(-logits)).mean()


def cross_entropy_discriminator(real: jax.Array, fake: jax.Array, real_targets: float | jax.Array = 1.0):
  """BCE of D: real against `real_targets` (1, or smoothed below 1), fake against 0.

  With targets 1 this is minus the value of Eq. 1 of Goodfellow et al. 2014, which D maximizes.
  """
  return _bce(real, jnp.broadcast_to(real_targets, real.shape)) + _bce(fake, 0.0)


def _unit_targets(real_targets: float | jax.Array) -> None:
  """Label smoothing belongs to the cross-entropy losses; others take only the default 1."""
  if not isinstance(real_targets, float) or real_targets != 1.0:
    raise ValueError('real targets other than 1 (label smoothing) need a cross-entropy loss')


def hinge_discriminator(real: jax.Array, fake: jax.Array, real_targets: float | jax.Array = 1.0):
  _unit_targets(real_targets)
  return jax.nn.relu(1 - real).mean() + jax.nn.relu(1 + fake).mean()


def least_squares_discriminator(real: jax.Array, fake: jax.Array, real_targets: float | jax.Array = 1.0):
  _unit_targets(real_targets)
  return 0.5 * jnp.square(real - 1).mean() + 0.5 * jnp.square(fake).mean()


def wasserstein_discriminator(real: jax.Array, fake: jax.Array, real_targets: float | jax.Array = 1.0):
  _unit_targets(real_targets)
  return fake.mean() - real.mean()


LOSSES: dict[str, AdversarialLoss] = {
    'minimax': AdversarialLoss(cross_entropy_discriminator,
                               lambda fake: jax.nn.log_sigmoid(-fake).mean(), True),
    'non_saturating': AdversarialLoss(cross_entropy_discriminator,
                                      lambda fake: -jax.nn.log_sigmoid(fake).mean(), True),
    'hinge': AdversarialLoss(hinge_discriminator, lambda fake: -fake.mean(), False),
    'least_squares': AdversarialLoss(least_squares_discriminator,
                                     lambda fake: 0.5 * jnp.square(fake - 1).mean(), False),
    'wasserstein': AdversarialLoss(wasserstein_discriminator, lambda fake: -fake.mean(), False),
}


def adversarial_loss(name: str) -> AdversarialLoss:
  """The loss pair called `name` (one of `LOSSES`); ValueError otherwise."""
  if name not in LOSSES:
    raise ValueError(f'Unknown adversarial loss {name!r}; expected one of {sorted(LOSSES)}.')
  return LOSSES[name]


def smoothed_real_targets(
    key: jax.Array, shape: tuple[int, ...], low: float = 0.7, high: float = 0.9
) -> jax.Array:
  """One-sided label smoothing: real targets drawn uniformly in [low, high); fake ones stay 0.

  Salimans et al. 2016, Sec. 3.4: smoothing the fake targets too would leave samples far from
  the data with no gradient towards it. The random range [0.7, 0.9] is the course's recipe.
  """
  return jax.random.uniform(key, shape, jnp.float32, minval=low, maxval=high)
