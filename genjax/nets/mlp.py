"""Multilayer perceptrons and the MLP players of VAEs and GANs on flat data or 2-D toys."""
from collections.abc import Callable, Sequence
import math

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.activations import leaky_relu, output_activation
from genjax.nets.conditioning import concat_labels, projection, uses_projection
from genjax.nets.gaussian_head import GaussianHead


class MLP(nn.Module):
  """Dense layers of widths `features` with `activation` between them.

  No activation follows the last layer unless `activate_final` (a trunk feeding heads).
  """
  features: Sequence[int]
  activation: Callable[[jax.Array], jax.Array] = nn.relu
  activate_final: bool = False
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    for i, width in enumerate(self.features):
      x = nn.Dense(width, dtype=self.dtype)(x)
      if self.activate_final or i < len(self.features) - 1:
        x = self.activation(x)
    return x


class MLPEncoder(nn.Module):
  """Gaussian VAE encoder (Kingma & Welling 2014): flatten, one ReLU trunk, (mean, logvar)."""
  hidden: Sequence[int]
  latent_dim: int
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> tuple[jax.Array, jax.Array]:
    """[B, ...] -> (mean, logvar), each [B, latent_dim]."""
    del train  # No batch norm; the argument keeps the interface of the conv nets.
    h = MLP(self.hidden, activate_final=True, dtype=self.dtype, name='trunk')(
        x.reshape(x.shape[0], -1))
    return GaussianHead(self.latent_dim, dtype=self.dtype, name='head')(h)


class MLPDecoder(nn.Module):
  """VAE decoder: z [B, latent] -> unconstrained [B, *out_shape] (logits or means)."""
  hidden: Sequence[int]
  out_shape: tuple[int, ...]
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array, train: bool = True) -> jax.Array:
    del train  # No batch norm; the argument keeps the interface of the conv nets.
    x = MLP((*self.hidden, math.prod(self.out_shape)), dtype=self.dtype)(z)
    return x.reshape(z.shape[0], *self.out_shape)


class MLPGenerator(MLPDecoder):
  """GAN generator (Goodfellow et al. 2014): an MLPDecoder with an output activation.

  PacGAN's 2-D toy generator (Lin et al. 2018) is hidden=(400,) * 4, out_shape=(2,).
  With num_classes > 0, G(z, labels) decodes z concatenated with a learned class embedding of
  width `embed_dim` (Mirza & Osindero 2014).
  """
  output_activation: str = 'none'
  num_classes: int = 0
  embed_dim: int = 16

  @nn.compact
  def __call__(self, z: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    z = concat_labels(z, labels, self.num_classes, self.embed_dim, self.dtype)
    return output_activation(self.output_activation)(super().__call__(z, train))


class MLPDiscriminator(nn.Module):
  """GAN discriminator: flatten, LeakyReLU(0.2) MLP (Radford et al. 2016), logits [B].

  With num_classes > 0, D(x, labels) is conditional: `conditioning` 'concat' appends a learned
  class embedding of width `embed_dim` to the flat input (Mirza & Osindero 2014); 'projection'
  adds ⟨embed(y), φ(x)⟩ to the logit ψ(φ(x)), φ the hidden layers (Miyato & Koyama 2018,
  Eq. 3).
  """
  hidden: Sequence[int]
  dtype: Dtype | None = None
  num_classes: int = 0
  conditioning: str = 'concat'
  embed_dim: int = 16

  @nn.compact
  def __call__(self, x: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    del train  # No batch norm; the argument keeps the interface of the conv nets.
    x = x.reshape(x.shape[0], -1)
    if uses_projection(self.conditioning, self.num_classes):
      h = MLP(self.hidden, activation=leaky_relu, activate_final=True, dtype=self.dtype,
              name='trunk')(x)
      logit = nn.Dense(1, dtype=self.dtype, name='logit')(h)[:, 0]
      return logit + projection(h, labels, self.num_classes, self.dtype)
    x = concat_labels(x, labels, self.num_classes, self.embed_dim, self.dtype)
    return MLP((*self.hidden, 1), activation=leaky_relu, dtype=self.dtype)(x)[:, 0]
