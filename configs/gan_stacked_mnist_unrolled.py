"""Unrolled GAN (Metz et al. 2017): G's loss taken through k = 5 unrolled D updates, on stacked MNIST: dcgan_stacked_mnist otherwise.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gan_stacked_mnist_unrolled.py --workdir runs/gan_stacked_mnist_unrolled
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'dcgan_stacked_mnist.py'), 'unrolled')
