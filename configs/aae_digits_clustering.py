"""aae_mnist_clustering on scikit-learn's 8x8 digits, offline.

  genjax train --config configs/aae_digits_clustering.py --workdir runs/aae_digits_clustering
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist_clustering.py')
  config.data.source = 'digits'
  config.steps = 3000
  return config
