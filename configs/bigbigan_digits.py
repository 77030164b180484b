"""bigbigan_mnist on scikit-learn's 8x8 digits, offline: its nets at half the width (G 2x2x64 →
4x4x32 → 8x8x1; E and D's x trunk 32 → 64), the quick run of BigBiGAN (Donahue & Simonyan 2019).

  genjax train --config configs/bigbigan_digits.py --workdir runs/bigbigan_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'bigbigan_mnist.py')
  config.data.source = 'digits'
  config.steps = 3000
  config.model.g_features = (64, 32)
  config.model.e_features = (32, 64)
  config.model.d_features = (32, 64)
  return config
