"""vae_mnist.py with a learned mixture of 10 Gaussians as its prior; each digit's cluster is the
component most responsible for its code (VAE.cluster).

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gmvae_mnist.py --workdir runs/gmvae_mnist
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('vae_mnist.py'))
  config.model.prior = 'mixture'
  config.model.prior_components = 10
  return config
