"""Domain classifier for scikit-learn's 8x8 digits: the classifier_mnist network with one shift pixel.

  genjax train --config configs/classifier_digits.py --workdir runs/classifier_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'classifier_mnist.py')
  config.data.source = 'digits'
  config.steps = 2000
  config.model.shift = 1
  return config
