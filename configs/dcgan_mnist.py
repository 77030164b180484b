"""DCGAN on MNIST (Radford et al. 2016 guidelines): G z(100) → 7·7·128 + BN + ReLU → ×2 to 64 +
BN + ReLU → ×2 to 1 + tanh; D conv 64 → conv 128 (4x4, stride 2, LeakyReLU 0.2) → dense 1.
Non-saturating loss, Adam 2e-4 β1 0.5, batch 64, pixels in [-1, 1].

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/dcgan_mnist.py --workdir runs/dcgan_mnist
"""
from genjax.config import base_config


def get_config():
  config = base_config('gan')
  config.steps = 5000
  config.batch_size = 64
  config.log_every = 100
  config.sample_every = 500
  config.checkpoint_every = 1000
  config.data.source = 'mnist'
  config.data.range = 'signed'
  config.model.generator = 'dcgan'
  config.model.discriminator = 'dcgan'
  config.model.latent_dim = 100
  config.model.g_features = (128, 64)
  config.model.d_features = (64, 128)
  config.optim.generator.learning_rate = 2e-4
  config.optim.generator.b1 = 0.5
  config.optim.discriminator.learning_rate = 2e-4
  config.optim.discriminator.b1 = 0.5
  return config
