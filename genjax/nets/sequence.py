"""Inference net over sequences of frames (GP-VAE, Fortuin et al. 2020, Sec. 3)."""
import flax.linen as nn
import jax
from flax.typing import Dtype

from genjax.nets.gaussian_head import GaussianHead


class SequenceEncoder(nn.Module):
  """[B, T, ...] frames -> (mean, logvar), each [B, T, latent_dim]: q(z_t | x_{t-w..t+w}).

  `trunk` maps each frame [N, ...] to features [N, F]; a ReLU convolution of width `features`
  over `window` frames (zero-padded at the ends) mixes neighbouring frames, as the paper's
  encoder does with a 1-D convolution over time; a Gaussian head reads each frame. `window` = 1
  is a per-frame encoder q(z_t | x_t).
  """
  trunk: nn.Module
  latent_dim: int
  window: int = 3
  features: int = 128
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, frames: jax.Array) -> tuple[jax.Array, jax.Array]:
    batch, num_frames = frames.shape[:2]
    h = self.trunk(frames.reshape(batch * num_frames, *frames.shape[2:])).reshape(batch, num_frames, -1)
    h = nn.relu(nn.Conv(self.features, (self.window,), padding='SAME', dtype=self.dtype, name='temporal')(h))
    return GaussianHead(self.latent_dim, dtype=self.dtype, name='head')(h)
