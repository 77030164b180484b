"""DCGAN on scikit-learn's 8x8 digits, offline: the dcgan_mnist networks at half the width
(G 2x2x64 → 4x4x32 → 8x8x1), batch 64.

  genjax train --config configs/dcgan_digits.py --workdir runs/dcgan_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_mnist.py')
  config.data.source = 'digits'
  config.steps = 3000
  config.model.latent_dim = 32
  config.model.g_features = (64, 32)
  config.model.d_features = (32, 64)
  return config
