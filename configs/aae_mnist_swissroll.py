"""Supervised adversarial autoencoder on MNIST with a 2-D swiss roll prior (Makhzani et al. 2016,
Sec. 2.3, Fig. 4 bottom): the roll is cut into 10 equal stretches in order along it, digit y's
codes are matched to stretch y, and the discriminator sees the one-hot label beside z.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/aae_mnist_swissroll.py --workdir runs/aae_mnist_swissroll
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('aae_mnist.py'))
  config.model.prior = 'swissroll'
  config.model.conditioning = 'concat'
  return config
