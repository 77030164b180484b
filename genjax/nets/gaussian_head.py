"""The two dense heads of a Gaussian VAE encoder (Kingma & Welling 2014)."""
import flax.linen as nn
import jax
from flax.typing import Dtype


class GaussianHead(nn.Module):
  """Maps shared trunk features [B, D] to (mean, logvar), each [B, latent_dim]."""
  latent_dim: int
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, h: jax.Array) -> tuple[jax.Array, jax.Array]:
    mean = nn.Dense(self.latent_dim, dtype=self.dtype, name='mean')(h)
    logvar = nn.Dense(self.latent_dim, dtype=self.dtype, name='logvar')(h)
    return mean, logvar
