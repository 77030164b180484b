"""Batch norm, BigGAN's conditional batch norm, and spectral normalization of a layer's weights."""
from collections.abc import Callable
import functools

import flax.linen as nn
import jax
from flax.typing import Dtype


def batch_norm(train: bool, dtype: Dtype | None, affine: bool = True) -> nn.BatchNorm:
  """Batch norm with PyTorch's defaults (momentum 0.1 there is 0.9 here, eps 1e-5).

  Without `affine`, no learned scale and bias (a conditional batch norm supplies them).
  """
  return nn.BatchNorm(use_running_average=not train, momentum=0.9, epsilon=1e-5,
                      use_scale=affine, use_bias=affine, dtype=dtype)


def normalize_batch(x: jax.Array, train: bool, dtype: Dtype | None, cond: jax.Array | None = None,
                    spectral_norm: bool = False) -> jax.Array:
  """Batch norm of x, or with `cond` [B, D] a ConditionalBatchNorm on it (its projections
  spectrally normalized with `spectral_norm`)."""
  if cond is None:
    return batch_norm(train, dtype)(x)
  return ConditionalBatchNorm(spectral_norm, dtype)(x, cond, train)


def maybe_spectral_norm(layer: nn.Module, enabled: bool, train: bool) -> Callable[..., jax.Array]:
  """`layer`, with every weight matrix divided by its largest singular value if `enabled`.

  Spectral normalization (Miyato et al. 2018, Eq. 8), sigma from one power iteration per call
  (their Algorithm 1); a kernel with more axes is the matrix [prod(leading axes), last axis].
  The iteration's vector u and the estimate sigma live in 'batch_stats' (SpectralNorm_k,
  '<layer>/kernel/u' and '/sigma') and are updated only when `train`.
  """
  if not enabled:
    return layer
  return functools.partial(nn.SpectralNorm(layer, collection_name='batch_stats'), update_stats=train)


class ConditionalBatchNorm(nn.Module):
  """Batch norm whose gain 1 + γ(c) and bias β(c) are linear in a conditioning vector c [B, D].

  BigGAN (Brock et al. 2019, Sec. 3 and Appendix B): c is z concatenated with a class embedding
  shared by all of G's layers; each layer has its own bias-free projections 'gain' and 'bias'
  (spectrally normalized with `spectral_norm`). With both projections zero it is plain batch norm.
  """
  spectral_norm: bool = False
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, cond: jax.Array, train: bool = True) -> jax.Array:
    """x [B, ..., C], cond [B, D] -> [B, ..., C]."""
    def project(name: str) -> jax.Array:
      dense = nn.Dense(x.shape[-1], use_bias=False, dtype=self.dtype, name=name)
      out = maybe_spectral_norm(dense, self.spectral_norm, train)(cond)
      return out.reshape(x.shape[0], *[1] * (x.ndim - 2), x.shape[-1])

    return batch_norm(train, self.dtype, affine=False)(x) * (1 + project('gain')) + project('bias')
