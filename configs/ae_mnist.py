"""Plain autoencoder (squared error) on grey-level MNIST with the nets of vae_mnist.py:
784-400-20 encoder, 20-400-784 decoder, Adam 1e-3, batch 128.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/ae_mnist.py --workdir runs/ae_mnist
"""
from genjax.config import extend, with_method


def get_config():
  config = with_method(extend(__file__, 'vae_mnist.py'), 'ae')
  config.data.binarize = False
  config.model.hidden = (400,)
  config.model.latent_dim = 20
  return config
