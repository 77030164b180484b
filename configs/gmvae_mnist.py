"""vae_mnist.py with a learned mixture of 10 Gaussians as its prior; each digit's cluster is the
component most responsible for its code (VAE.cluster).

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gmvae_mnist.py --workdir runs/gmvae_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_mnist.py')
  config.model.prior = 'mixture'
  config.model.prior_components = 10
  return config
