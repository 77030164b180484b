"""VAE with a learned mixture of 10 Gaussians as its prior on 8x8 digits; each digit's cluster is
the component most responsible for its code (VAE.cluster).

  genjax train --config configs/gmvae_digits.py --workdir runs/gmvae_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_digits.py')
  config.model.prior = 'mixture'
  config.model.prior_components = 10
  return config
