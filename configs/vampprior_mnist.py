"""VAE with a VampPrior on dynamically binarized MNIST, sized as Tomczak & Welling's (2018)
one-layer MNIST model: 500 pseudo-inputs, 40 latent units, two hidden layers of 300, Adam 5e-4,
batch 100.

Not as in the paper: plain ReLU layers (theirs are gated), no KL warm-up, a short run.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/vampprior_mnist.py --workdir runs/vampprior_mnist
"""
from genjax.config import extend, optimizer_config


def get_config():
  config = extend(__file__, 'vae_mnist.py')
  config.batch_size = 100
  config.model.hidden = (300, 300)
  config.model.latent_dim = 40
  config.model.prior = 'vamp'
  config.model.prior_components = 500
  config.optim.vae = optimizer_config(learning_rate=5e-4)
  return config
