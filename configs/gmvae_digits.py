"""VAE with a learned mixture of 10 Gaussians as its prior on 8x8 digits; each digit's cluster is
the component most responsible for its code (VAE.cluster).

  genjax train --config configs/gmvae_digits.py --workdir runs/gmvae_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('vae_digits.py'))
  config.model.prior = 'mixture'
  config.model.prior_components = 10
  return config
