"""Conditional GAN on scikit-learn's 8x8 digits, offline: dcgan_digits with cgan_mnist's
conditioning; the quick run of the conditional model.

  genjax train --config configs/cgan_digits.py --workdir runs/cgan_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_digits.py')
  config.model.conditioning = 'concat'
  return config
