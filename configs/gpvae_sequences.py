"""GP-VAE (Fortuin et al. 2020) on MNIST digits turned into rotating sequences of 10 frames, half
the pixels of each frame and 2 whole frames hidden (in the spirit of their Healing MNIST): Cauchy
kernel of length scale 2 frames, MLP nets per frame, a 3-frame temporal convolution in the encoder.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gpvae_sequences.py --workdir runs/gpvae_sequences

The VAE baseline of the paper's imputation table (independent frames, per-frame encoder):
  --config.model.kernel=white --config.model.window=1
"""
from genjax.config import base_config


def get_config():
  config = base_config('gpvae')
  config.steps = 10_000
  config.batch_size = 64
  config.log_every = 200
  config.sample_every = 2000
  config.checkpoint_every = 2000
  config.data.source = 'sequences:mnist'
  # Rotating digits, pixels and frames hidden: genjax.data.sequences.
  config.data.sequences = dict(frames=10, degrees_per_frame=20.0, missing_pixels=0.5, missing_frames=2, seed=0)
  config.model.hidden = (256, 256)
  config.model.latent_dim = 16
  return config
