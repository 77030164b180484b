"""CoGAN on scikit-learn's 8x8 digits, upsampled to 28x28, and MNIST ('pair:digits:mnist', data.resize
28): the cogan_mnist networks on two unpaired data sets of one content in two styles; a joint sample
should show one digit as a blurred 8x8 digit and as a handwritten MNIST digit.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/cogan_digits_mnist.py --workdir runs/cogan_digits_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'cogan_mnist.py')
  config.data.source = 'pair:digits:mnist'
  config.data.resize = 28
  return config
