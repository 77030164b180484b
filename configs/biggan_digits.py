"""biggan_mnist's ingredients on scikit-learn's 8x8 digits, offline: dcgan_digits' widths, attention
at 4x4.

  genjax train --config configs/biggan_digits.py --workdir runs/biggan_digits
"""
import pathlib

from genjax.config import load_config
from genjax.methods.gan_variants import with_variant


def get_config():
  config = with_variant(load_config(pathlib.Path(__file__).with_name('dcgan_digits.py')), 'biggan')
  config.model.attention_resolution = 4
  return config
