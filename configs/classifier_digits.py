"""Domain classifier for scikit-learn's 8x8 digits: the classifier_mnist network with one shift pixel.

  genjax train --config configs/classifier_digits.py --workdir runs/classifier_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('classifier_mnist.py'))
  config.data.source = 'digits'
  config.steps = 2000
  config.model.shift = 1
  return config
