"""GP-VAE (Fortuin et al. 2020) on scikit-learn's 8x8 digits turned into rotating sequences of 10
frames, half the pixels of each frame and 2 whole frames hidden: gpvae_sequences at the digits'
size, the fast, offline variant.

  genjax train --config configs/gpvae_digits_sequences.py --workdir runs/gpvae_digits_sequences

The VAE baseline of the paper's imputation table (independent frames, per-frame encoder):
  --config.model.kernel=white --config.model.window=1
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'gpvae_sequences.py')
  config.steps = 3000
  config.log_every = 100
  config.sample_every = 1000
  config.checkpoint_every = 1000
  config.data.source = 'sequences:digits'
  config.model.hidden = (256,)
  config.model.latent_dim = 8
  return config
