"""Domain classifier for MNIST-scale metrics (FID with classifier features, domain IS, stacked-MNIST
modes): a small CNN with ±2-pixel shifts, trained on the 9,000-image split of MNIST.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/classifier_mnist.py --workdir runs/classifier_mnist
"""
from genjax.config import base_config


def get_config():
  config = base_config('classifier')
  config.steps = 3000
  config.batch_size = 128
  config.log_every = 200
  config.checkpoint_every = 2000
  config.data.source = 'mnist'
  return config
