"""bigan_mnist on scikit-learn's 8x8 digits, offline: the quick run of BiGAN (Donahue et al. 2017).

  genjax train --config configs/bigan_digits.py --workdir runs/bigan_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'bigan_mnist.py')
  config.data.source = 'digits'
  config.steps = 3000
  return config
