"""Unrolled GAN (Metz et al. 2017): G's loss taken through k = 5 unrolled D updates, on stacked MNIST: dcgan_stacked_mnist otherwise.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gan_stacked_mnist_unrolled.py --workdir runs/gan_stacked_mnist_unrolled
"""
import pathlib

from genjax.config import load_config
from genjax.methods.gan_variants import with_variant


def get_config():
  return with_variant(load_config(pathlib.Path(__file__).with_name('dcgan_stacked_mnist.py')), 'unrolled')
