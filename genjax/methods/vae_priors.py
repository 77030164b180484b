"""Priors p(z) of a VAE, each a mixture of diagonal Gaussians (the standard normal has one component).

  standard  N(0, I); the VAE takes its KL analytically.
  mixture   K Gaussians with learned means, log-variances and mixing logits (the Gaussian mixture
            prior of GMVAE-style clustering; Dilokthanakul et al. 2016, Jiang et al. 2017).
  vamp      the VampPrior (Tomczak & Welling 2018, Eq. 9): p(z) = 1/K Σ_k q(z | u_k), the encoder's
            posteriors at K learned pseudo-inputs u_k, kept in the data's range by clipping (their
            hard-tanh) and initialized near its low end, N(0.05, 0.01) of the range, as theirs.

Each prior is a Flax module called with the encoder, `encode(x) -> (mean, logvar)`, that returns
its `GaussianMixture`; only the VampPrior uses it.
"""
from collections.abc import Callable
from typing import NamedTuple

import flax.linen as nn
import jax
import jax.numpy as jnp

from genjax import losses

Encode = Callable[[jax.Array], tuple[jax.Array, jax.Array]]


class GaussianMixture(NamedTuple):
  """Σ_k π_k N(μ_k, diag σ_k²) with π = softmax(logits): logits [K], means and logvars [K, D]."""
  logits: jax.Array
  means: jax.Array
  logvars: jax.Array

  def component_log_joints(self, z: jax.Array) -> jax.Array:
    """log π_k + log N(z; μ_k, diag σ_k²) for z [B, D], [B, K]; their softmax over k is p(k | z)."""
    def log_component(mean: jax.Array, logvar: jax.Array) -> jax.Array:
      return losses.gaussian_log_likelihood(jnp.broadcast_to(mean, z.shape), z, jnp.exp(0.5 * logvar))
    return jax.nn.log_softmax(self.logits) + jax.vmap(log_component, out_axes=1)(self.means, self.logvars)

  def log_density(self, z: jax.Array) -> jax.Array:
    """log p(z) for z [B, D], [B]."""
    return jax.nn.logsumexp(self.component_log_joints(z), axis=1)

  def sample(self, key: jax.Array, num: int) -> jax.Array:
    """`num` draws, [num, D]: a component k ~ π, then z ~ N(μ_k, diag σ_k²)."""
    component_key, noise_key = jax.random.split(key)
    # Inverse-CDF draws (jax.random.choice): a third of jax.random.categorical's compile time on CPU.
    k = jax.random.choice(component_key, len(self.logits), (num,), p=jax.nn.softmax(self.logits))
    noise = jax.random.normal(noise_key, (num, self.means.shape[1]))
    return self.means[k] + jnp.exp(0.5 * self.logvars[k]) * noise


class StandardPrior(nn.Module):
  """N(0, I): one component, no parameters."""
  latent_dim: int

  def __call__(self, encode: Encode) -> GaussianMixture:
    del encode
    return GaussianMixture(jnp.zeros(1), jnp.zeros((1, self.latent_dim)), jnp.zeros((1, self.latent_dim)))


class MixturePrior(nn.Module):
  """K learned Gaussians: means start N(0, I), variances 1, mixing weights equal."""
  latent_dim: int
  num_components: int

  @nn.compact
  def __call__(self, encode: Encode) -> GaussianMixture:
    del encode
    shape = (self.num_components, self.latent_dim)
    return GaussianMixture(self.param('logits', nn.initializers.zeros, (self.num_components,)),
                           self.param('means', nn.initializers.normal(1.0), shape),
                           self.param('logvars', nn.initializers.zeros, shape))


class VampPrior(nn.Module):
  """1/K Σ_k q(z | u_k) at K learned pseudo-inputs u_k of one example's shape (Tomczak & Welling 2018)."""
  num_components: int
  shape: tuple[int, ...]
  value_range: tuple[float, float]

  @nn.compact
  def __call__(self, encode: Encode) -> GaussianMixture:
    low, high = self.value_range

    def init(key, shape):
      return low + (high - low) * (0.05 + 0.01 * jax.random.normal(key, shape))

    pseudo_inputs = self.param('pseudo_inputs', init, (self.num_components, *self.shape))
    means, logvars = encode(jnp.clip(pseudo_inputs, low, high))
    return GaussianMixture(jnp.zeros(self.num_components), means, logvars)
