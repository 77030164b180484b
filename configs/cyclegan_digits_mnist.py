"""CycleGAN between scikit-learn's 8x8 digits, upsampled to 28x28, and MNIST ('pair:digits:mnist',
data.resize 28): the cyclegan_mnist_rotated networks and settings. The two domains differ in
stroke, blur and framing, not in a fixed pixel map, so the digit's identity must survive a real
change of style.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/cyclegan_digits_mnist.py --workdir runs/cyclegan_digits_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'cyclegan_mnist_rotated.py')
  config.data.source = 'pair:digits:mnist'
  config.data.resize = 28
  return config
