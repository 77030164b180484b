"""Supervised adversarial autoencoder on MNIST (Makhzani et al. 2016, Sec. 2.3, Fig. 4 top): a prior
of 10 2-D Gaussians on a circle, the discriminator sees the one-hot label beside z, and digit y's
codes are matched to component y. With model.conditioning=none it is the unsupervised AAE of Fig. 2b.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/aae_mnist_mixture.py --workdir runs/aae_mnist_mixture
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist.py')
  config.model.prior = 'mixture'
  config.model.conditioning = 'concat'
  return config
