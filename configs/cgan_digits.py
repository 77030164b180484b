"""Conditional GAN on scikit-learn's 8x8 digits, offline: dcgan_digits with cgan_mnist's
conditioning; the quick run of the conditional model.

  genjax train --config configs/cgan_digits.py --workdir runs/cgan_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('dcgan_digits.py'))
  config.model.conditioning = 'concat'
  return config
