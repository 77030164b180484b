"""DCGAN on stacked MNIST (Metz et al. 2017; Srivastava et al. 2017): three independently drawn
digits as RGB channels, 1,000 modes. dcgan_mnist's networks with 3 output channels.
scripts/stacked_mnist.py counts the modes with a digit classifier.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/dcgan_stacked_mnist.py --workdir runs/dcgan_stacked_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_mnist.py')
  config.data.source = 'stacked:mnist'
  config.steps = 20_000
  config.sample_every = 2000
  config.checkpoint_every = 2000
  return config
