"""aae_mnist_mixture on scikit-learn's 8x8 digits, offline.

  genjax train --config configs/aae_digits_mixture.py --workdir runs/aae_digits_mixture
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist_mixture.py')
  config.data.source = 'digits'
  config.steps = 3000
  return config
