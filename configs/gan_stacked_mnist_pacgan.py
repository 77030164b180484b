"""PacGAN4 (Lin et al. 2018): D judges 4 packed samples at once, on stacked MNIST: dcgan_stacked_mnist otherwise.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/gan_stacked_mnist_pacgan.py --workdir runs/gan_stacked_mnist_pacgan
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'dcgan_stacked_mnist.py'), 'pacgan4')
