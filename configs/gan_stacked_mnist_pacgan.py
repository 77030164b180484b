"""PacGAN4 (Lin et al. 2018): D judges 4 packed samples at once, on stacked MNIST: dcgan_stacked_mnist otherwise.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gan_stacked_mnist_pacgan.py --workdir runs/gan_stacked_mnist_pacgan
"""
import pathlib

from genjax.config import load_config
from genjax.methods.gan_variants import with_variant


def get_config():
  return with_variant(load_config(pathlib.Path(__file__).with_name('dcgan_stacked_mnist.py')), 'pacgan4')
