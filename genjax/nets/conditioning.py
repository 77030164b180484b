"""Class conditioning of the GAN players on int labels [B].

Concatenation (Mirza & Osindero 2014): a learned class embedding joins G's z, or D's input
(flat, or tiled over H and W as extra channels). Projection (Miyato & Koyama 2018, Eq. 3):
D's logit is ψ(φ(x)) + ⟨embed(y), φ(x)⟩, φ(x) D's trunk features, ψ its final dense unit.
"""
from collections.abc import Callable

import flax.linen as nn
import jax
import jax.numpy as jnp
from flax.typing import Dtype

from genjax.errors import choose
from genjax.nets.normalization import maybe_spectral_norm


def check_labels(labels: jax.Array | None, num_classes: int) -> None:
  """Labels: required by a conditional net (num_classes > 0), refused by an unconditional one."""
  if num_classes and labels is None:
    raise ValueError(f'this net is conditioned on {num_classes} classes: pass labels')
  if not num_classes and labels is not None:
    raise ValueError('this net is unconditional (num_classes=0): it takes no labels')


def uses_projection(conditioning: str, num_classes: int) -> bool:
  """Whether a discriminator with this `conditioning` ('concat' or 'projection') projects labels."""
  return choose('conditioning', conditioning, {'concat': False, 'projection': num_classes > 0})


def class_embedding(labels: jax.Array, num_classes: int, features: int, dtype: Dtype | None,
                    spectral_norm: bool = False, train: bool = True) -> jax.Array:
  """labels [B] -> [B, features], a learned embedding named 'embed'."""
  embed = nn.Embed(num_classes, features, dtype=dtype, name='embed')
  return maybe_spectral_norm(embed, spectral_norm, train)(labels)


def concat_labels(x: jax.Array, labels: jax.Array | None, num_classes: int, features: int,
                  dtype: Dtype | None) -> jax.Array:
  """x [B, ..., C] -> [B, ..., C + features]: the labels' embedding, tiled over the middle axes.

  x itself (after checking that there are no labels) when num_classes is 0.
  """
  check_labels(labels, num_classes)
  if not num_classes:
    return x
  embedding = class_embedding(labels, num_classes, features, dtype)
  embedding = embedding.reshape(x.shape[0], *[1] * (x.ndim - 2), features)
  return jnp.concatenate([x, jnp.broadcast_to(embedding, (*x.shape[:-1], features))], axis=-1)


def projection(h: jax.Array, labels: jax.Array | None, num_classes: int, dtype: Dtype | None,
               spectral_norm: bool = False, train: bool = True) -> jax.Array:
  """⟨embed(y), φ⟩ [B] for trunk features h = φ(x) [B, D] (Miyato & Koyama 2018, Eq. 3)."""
  check_labels(labels, num_classes)
  embedding = class_embedding(labels, num_classes, h.shape[-1], dtype, spectral_norm, train)
  return jnp.sum(embedding * h, axis=-1)


def discriminate(trunk: Callable[[jax.Array], jax.Array], x: jax.Array, labels: jax.Array | None, *,
                 num_classes: int, conditioning: str, embed_dim: int, spectral_norm: bool, train: bool,
                 dtype: Dtype | None) -> jax.Array:
  """A discriminator's logits [B] around its `trunk`, images [B, H, W, C] -> features φ(x) [B, D].

  'concat' feeds the trunk x with the labels' embedding tiled over H and W (`concat_labels`);
  'projection' adds ⟨embed(y), φ(x)⟩ to the logit ψ(φ(x)), a dense unit named 'logit' (spectrally
  normalized with its embedding when `spectral_norm`). Unconditional when num_classes is 0.
  """
  project = uses_projection(conditioning, num_classes)
  if not project:
    x = concat_labels(x, labels, num_classes, embed_dim, dtype)
  h = trunk(x)
  dense = nn.Dense(1, dtype=dtype, name='logit')
  logit = maybe_spectral_norm(dense, spectral_norm, train)(h)[:, 0]
  if project:
    logit += projection(h, labels, num_classes, dtype, spectral_norm, train)
  return logit
