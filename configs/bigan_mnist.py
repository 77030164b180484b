"""BiGAN (Donahue et al. 2017, "Adversarial Feature Learning") on MNIST, as in its permutation-invariant
MNIST runs (Sec. 4.2): MLP encoder, generator and joint discriminator (here of 1,024-unit layers), a
50-D code uniform on [-1, 1]^50, the joint score D(x, z) only, the non-saturating loss with flipped
labels for E and G.
Adam 2e-4 β1 0.5, batch 128, pixels in [-1, 1].

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/bigan_mnist.py --workdir runs/bigan_mnist
"""
from genjax.config import base_config


def get_config():
  config = base_config('bigan')
  config.steps = 10_000
  config.batch_size = 128
  config.log_every = 100
  config.sample_every = 1000
  config.checkpoint_every = 2000
  config.data.source = 'mnist'
  config.data.range = 'signed'
  config.model.prior = 'uniform'
  config.optim.generator.learning_rate = 2e-4
  config.optim.generator.b1 = 0.5
  config.optim.discriminator.learning_rate = 2e-4
  config.optim.discriminator.b1 = 0.5
  return config
