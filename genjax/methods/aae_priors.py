"""The priors p(z) an adversarial autoencoder matches its codes to (Makhzani et al. 2016).

  gaussian   N(0, I) in any dimension (Sec. 2, Fig. 2a).
  mixture    `regions` 2-D Gaussians with means on a circle of radius 2, each elongated along the
             circle's tangent (std 0.2 along it, 0.05 across) (Fig. 2b and 4, top).
  swissroll  a 2-D swiss roll: the spiral r = 2θ / (4.5π) for θ in [1.5π, 4.5π], points uniform in
             arc length (θ² uniform: exact to 0.2% of the length), Gaussian noise of std 0.05
             (Fig. 4, bottom).

The mixture and the swiss roll have `regions`: the mixture's components, or equal stretches of
the roll in order along it. The supervised AAE (Sec. 2.3) draws the prior sample of class y from
region y: "the first 10% of the swiss roll is assigned to digit 0 and so on" (Fig. 4).
"""
import dataclasses

import jax
import jax.numpy as jnp
import numpy as np

from genjax.errors import GenjaxError, check_choice

PRIORS = ('gaussian', 'mixture', 'swissroll')
REGIONED = ('mixture', 'swissroll')

MIXTURE_RADIUS, TANGENT_STD, RADIAL_STD = 2.0, 0.2, 0.05
ROLL_START, ROLL_END, ROLL_RADIUS, ROLL_NOISE = 1.5 * np.pi, 4.5 * np.pi, 2.0, 0.05


@dataclasses.dataclass(frozen=True)
class LatentPrior:
  """A prior over [B, dim] codes; `regions` > 0 for the mixture and the swiss roll."""
  name: str
  dim: int
  regions: int

  def sample(self, key: jax.Array, num: int) -> jax.Array:
    """`num` codes from the whole prior (regions chosen uniformly at random)."""
    if self.name == 'gaussian':
      return jax.random.normal(key, (num, self.dim))
    region_key, point_key = jax.random.split(key)
    return self.sample_regions(point_key, jax.random.randint(region_key, (num,), 0, self.regions))

  def sample_regions(self, key: jax.Array, regions: jax.Array) -> jax.Array:
    """One code from region `regions[i]` for each i, [B, 2]."""
    if self.name == 'mixture':
      return _mixture(key, regions, self.regions)
    return _swissroll(key, regions, self.regions)


def make_prior(name: str, dim: int, regions: int) -> LatentPrior:
  """The prior `name` (one of PRIORS) over `dim`-dimensional codes; GenjaxError on bad settings."""
  check_choice('model.prior', name, PRIORS)
  if regions < 1:
    raise GenjaxError(f'model.components must be >= 1, got {regions}')
  if name in REGIONED and dim != 2:
    raise GenjaxError(f"model.prior '{name}' is 2-D: set model.latent_dim = 2, not {dim}")
  return LatentPrior(name, dim, regions if name in REGIONED else 0)


def _mixture(key: jax.Array, components: jax.Array, num_components: int) -> jax.Array:
  angle = 2 * jnp.pi * components / num_components
  radial = jnp.stack([jnp.cos(angle), jnp.sin(angle)], axis=-1)
  tangent = jnp.stack([-jnp.sin(angle), jnp.cos(angle)], axis=-1)
  noise = jax.random.normal(key, (components.shape[0], 2))
  return ((MIXTURE_RADIUS + RADIAL_STD * noise[:, :1]) * radial + TANGENT_STD * noise[:, 1:] * tangent)


def _swissroll(key: jax.Array, stretches: jax.Array, num_stretches: int) -> jax.Array:
  position_key, noise_key = jax.random.split(key)
  # Arc length of r = aθ grows as θ², so θ² uniform within the stretch spreads points evenly.
  fraction = (stretches + jax.random.uniform(position_key, stretches.shape)) / num_stretches
  theta = jnp.sqrt(ROLL_START**2 + fraction * (ROLL_END**2 - ROLL_START**2))
  points = (ROLL_RADIUS * theta / ROLL_END)[:, None] * jnp.stack([jnp.cos(theta), jnp.sin(theta)], axis=-1)
  return points + ROLL_NOISE * jax.random.normal(noise_key, points.shape)
