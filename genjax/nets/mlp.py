"""Multilayer perceptrons and the MLP players of VAEs and GANs on flat data or 2-D toys."""
from collections.abc import Callable, Sequence
import math

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.activations import hidden_activation, output_activation
from genjax.nets.conditioning import concat_labels, projection, uses_projection
from genjax.nets.gaussian_head import GaussianHead
from genjax.nets.normalization import batch_norm


class MLP(nn.Module):
  """Dense layers of widths `features` with `activation` (after batch norm if `use_batchnorm`)
  between them.

  No activation follows the last layer unless `activate_final` (a trunk feeding heads).
  """
  features: Sequence[int]
  activation: Callable[[jax.Array], jax.Array] = nn.relu
  activate_final: bool = False
  use_batchnorm: bool = False
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    for i, width in enumerate(self.features):
      hidden = self.activate_final or i < len(self.features) - 1
      # Batch norm subtracts the mean: a bias before it has zero gradient, which Adam would turn
      # from rounding noise into full-size steps.
      x = nn.Dense(width, use_bias=not (hidden and self.use_batchnorm), dtype=self.dtype)(x)
      if hidden:
        if self.use_batchnorm:
          x = batch_norm(train, self.dtype)(x)
        x = self.activation(x)
    return x


class Maxout(nn.Module):
  """`features` maxout units (Goodfellow et al. 2013, Eq. 1): each the max of `pieces` affine maps."""
  features: int
  pieces: int
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    h = nn.Dense(self.features * self.pieces, dtype=self.dtype)(x)
    return h.reshape(*h.shape[:-1], self.features, self.pieces).max(axis=-1)


class MLPEncoder(nn.Module):
  """Gaussian VAE encoder (Kingma & Welling 2014): flatten, one trunk of `activation` ('relu',
  'tanh', ...) hidden layers, (mean, logvar)."""
  hidden: Sequence[int]
  latent_dim: int
  activation: str = 'relu'
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> tuple[jax.Array, jax.Array]:
    """[B, ...] -> (mean, logvar), each [B, latent_dim]."""
    del train  # No batch norm; the argument keeps the interface of the conv nets.
    h = MLP(self.hidden, activation=hidden_activation(self.activation), activate_final=True, dtype=self.dtype,
            name='trunk')(x.reshape(x.shape[0], -1))
    return GaussianHead(self.latent_dim, dtype=self.dtype, name='head')(h)


class MLPDecoder(nn.Module):
  """VAE decoder: z [B, latent] -> unconstrained [B, *out_shape] (logits or means); hidden layers
  of `activation`, batch-normalized if `use_batchnorm`."""
  hidden: Sequence[int]
  out_shape: tuple[int, ...]
  use_batchnorm: bool = False
  activation: str = 'relu'
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, z: jax.Array, train: bool = True) -> jax.Array:
    x = MLP((*self.hidden, math.prod(self.out_shape)), activation=hidden_activation(self.activation),
            use_batchnorm=self.use_batchnorm, dtype=self.dtype)(z, train)
    return x.reshape(z.shape[0], *self.out_shape)


class MLPGenerator(MLPDecoder):
  """GAN generator (Goodfellow et al. 2014): an MLPDecoder with an output activation.

  PacGAN's 2-D toy generator (Lin et al. 2018, after VEEGAN) is hidden=(400,) * 4, out_shape=(2,),
  use_batchnorm=True.
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
  """GAN discriminator: flatten, hidden layers, logits [B].

  `activation` of the hidden layers: 'leaky_relu' (slope 0.2, Radford et al. 2016), 'relu', or
  'maxout' with `maxout_pieces` pieces per unit (PacGAN's 2-D toy D, after VEEGAN: hidden=(200,) * 3,
  5 pieces).

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
  activation: str = 'leaky_relu'
  maxout_pieces: int = 5

  @nn.compact
  def __call__(self, x: jax.Array, labels: jax.Array | None = None, train: bool = True) -> jax.Array:
    del train  # No batch norm; the argument keeps the interface of the conv nets.
    x = x.reshape(x.shape[0], -1)
    project = uses_projection(self.conditioning, self.num_classes)
    if not project:
      x = concat_labels(x, labels, self.num_classes, self.embed_dim, self.dtype)
    if self.activation == 'maxout':
      h = x
      for i, width in enumerate(self.hidden):
        h = Maxout(width, self.maxout_pieces, self.dtype, name=f'maxout_{i}')(h)
    else:
      h = MLP(self.hidden, activation=hidden_activation(self.activation), activate_final=True,
              dtype=self.dtype, name='trunk')(x)
    logit = nn.Dense(1, dtype=self.dtype, name='logit')(h)[:, 0]
    return logit + projection(h, labels, self.num_classes, self.dtype) if project else logit
