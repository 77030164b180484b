"""Plain autoencoder (squared error) on grey-level MNIST with the nets of vae_mnist.py:
784-400-20 encoder, 20-400-784 decoder, Adam 1e-3, batch 128.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/ae_mnist.py --workdir runs/ae_mnist
"""
from genjax.config import base_config


def get_config():
  config = base_config('ae')
  config.steps = 10_000
  config.batch_size = 128
  config.log_every = 200
  config.sample_every = 2000
  config.checkpoint_every = 2000
  config.data.source = 'mnist'
  config.model.hidden = (400,)
  config.model.latent_dim = 20
  return config
