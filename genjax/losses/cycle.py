"""CycleGAN's translation losses (Zhu et al. 2017, "Unpaired Image-to-Image Translation using
Cycle-Consistent Adversarial Networks"), of images a, b of two domains and translators
G = g_ab: A -> B and F = g_ba: B -> A given as functions."""
from collections.abc import Callable

import jax
import jax.numpy as jnp

from genjax.losses.gan import adversarial_loss

Translate = Callable[[jax.Array], jax.Array]
LEAST_SQUARES = adversarial_loss('least_squares')


def _l1(x: jax.Array, y: jax.Array) -> jax.Array:
  return jnp.abs(x - y).mean()


def cycle_loss(a: jax.Array, b: jax.Array, g_ab: Translate, g_ba: Translate) -> jax.Array:
  """Eq. 2: |F(G(a)) − a|_1 + |G(F(b)) − b|_1, each a mean over pixels; zero for identities."""
  return _l1(g_ba(g_ab(a)), a) + _l1(g_ab(g_ba(b)), b)


def identity_loss(a: jax.Array, b: jax.Array, g_ab: Translate, g_ba: Translate) -> jax.Array:
  """Sec. 5.2 (Taigman et al. 2017): |G(b) − b|_1 + |F(a) − a|_1, a translator leaves its target
  domain unchanged; zero for identities."""
  return _l1(g_ab(b), b) + _l1(g_ba(a), a)


def adversarial_generator_loss(d_scores: jax.Array) -> jax.Array:
  """Eq. 1 with least squares (Sec. 4): E (D(G(a)) − 1)^2, twice `losses.gan`'s 1/2 convention."""
  return 2 * LEAST_SQUARES.generator(d_scores)
