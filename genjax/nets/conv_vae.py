"""Convolutional VAE encoder and decoder (Kingma & Welling 2014) on DCGAN's stacks."""
from collections.abc import Sequence

import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.conv_stacks import DownStack, UpStack
from genjax.nets.gaussian_head import GaussianHead


class ConvEncoder(nn.Module):
  """[B, H, W, C] -> (mean, logvar), each [B, latent_dim], from one strided-conv trunk."""
  latent_dim: int
  features: Sequence[int] = (32, 64)
  use_batchnorm: bool = False
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> tuple[jax.Array, jax.Array]:
    h = DownStack(self.features, self.use_batchnorm, self.dtype, name='trunk')(x, train)
    return GaussianHead(self.latent_dim, dtype=self.dtype, name='head')(h)


class ConvDecoder(UpStack):
  """z [B, latent] -> unconstrained [B, H, W, C] (logits or means): DCGAN's up-stack."""
  features: Sequence[int] = (64, 32)
  use_batchnorm: bool = False
