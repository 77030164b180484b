"""VAE with a VampPrior (Tomczak & Welling 2018) of 50 pseudo-inputs on 8x8 digits.

  genjax train --config configs/vampprior_digits.py --workdir runs/vampprior_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_digits.py')
  config.model.prior = 'vamp'
  config.model.prior_components = 50
  return config
