"""IWAE on dynamically binarized MNIST with Burda et al.'s (2016) one-stochastic-layer model:
784-200-200-(50, 50) tanh encoder, 50-200-200-784 tanh Bernoulli decoder, k = 50, Adam 1e-3,
batch 20. With model.objective=elbo it is their VAE of the same architecture.

Not as in the paper: a short run at a fixed learning rate (theirs is 3,280 passes with a decaying one).

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/iwae_mnist.py --workdir runs/iwae_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_mnist.py')
  config.steps = 50_000
  config.batch_size = 20
  config.model.hidden = (200, 200)
  config.model.activation = 'tanh'
  config.model.latent_dim = 50
  config.model.objective = 'iwae'
  config.model.iwae_samples = 50
  return config
