"""CoGAN on MNIST and its negatives (Liu & Tuzel 2016, digits, Fig. 2): the cogan_mnist networks
on unpaired halves of MNIST, one as is, the other as 1 − x ('pair:mnist:negative').

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/cogan_mnist_negative.py --workdir runs/cogan_mnist_negative
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'cogan_mnist.py')
  config.data.source = 'pair:mnist:negative'
  return config
