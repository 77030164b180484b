"""biggan_mnist's ingredients on scikit-learn's 8x8 digits, offline: dcgan_digits' widths, attention
at 4x4.

  genjax train --config configs/biggan_digits.py --workdir runs/biggan_digits
"""
from genjax.config import extend, with_variant


def get_config():
  config = with_variant(extend(__file__, 'dcgan_digits.py'), 'biggan')
  config.model.attention_resolution = 4
  return config
