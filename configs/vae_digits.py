"""VAE (MLP encoder and decoder, Bernoulli likelihood) on scikit-learn's 8x8 digits, offline.

  genjax train --config configs/vae_digits.py --workdir runs/vae_digits
"""
from genjax.config import base_config


def get_config():
  config = base_config('vae')
  config.steps = 3000
  config.batch_size = 128
  config.log_every = 100
  config.sample_every = 1000
  config.checkpoint_every = 1000
  config.data.source = 'digits'
  config.model.hidden = (256,)
  config.model.latent_dim = 8
  return config
