"""aae_mnist_semisupervised on scikit-learn's 8x8 digits, offline: the 100 labelled examples come
from the digits' training set.

  genjax train --config configs/aae_digits_semisupervised.py --workdir runs/aae_digits_semisupervised
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist_semisupervised.py')
  config.data.source = 'digits'
  config.steps = 3000
  return config
