"""VAE with a VampPrior (Tomczak & Welling 2018) of 50 pseudo-inputs on 8x8 digits.

  genjax train --config configs/vampprior_digits.py --workdir runs/vampprior_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('vae_digits.py'))
  config.model.prior = 'vamp'
  config.model.prior_components = 50
  return config
