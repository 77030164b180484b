"""aae_mnist on scikit-learn's 8x8 digits, offline: the quick run of the adversarial autoencoder.

  genjax train --config configs/aae_digits.py --workdir runs/aae_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist.py')
  config.data.source = 'digits'
  config.steps = 3000
  return config
