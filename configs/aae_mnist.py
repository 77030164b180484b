"""Adversarial autoencoder on MNIST with a 2-D Gaussian prior (Makhzani et al. 2016, Fig. 2a):
encoder, decoder and discriminator of two 1,000-unit ReLU layers each, batch 100.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/aae_mnist.py --workdir runs/aae_mnist
"""
from genjax.config import base_config


def get_config():
  config = base_config('aae')
  config.steps = 10_000
  config.batch_size = 100
  config.log_every = 200
  config.sample_every = 2000
  config.checkpoint_every = 2000
  config.data.source = 'mnist'
  config.optim.discriminator.b1 = 0.5
  config.optim.generator.b1 = 0.5
  return config
