"""Supervised adversarial autoencoder on MNIST with a 2-D swiss roll prior (Makhzani et al. 2016,
Sec. 2.3, Fig. 4 bottom): the roll is cut into 10 equal stretches in order along it, digit y's
codes are matched to stretch y, and the discriminator sees the one-hot label beside z.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/aae_mnist_swissroll.py --workdir runs/aae_mnist_swissroll
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist.py')
  config.model.prior = 'swissroll'
  config.model.conditioning = 'concat'
  return config
