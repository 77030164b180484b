"""aae_mnist on scikit-learn's 8x8 digits, offline: the quick run of the adversarial autoencoder.

  genjax train --config configs/aae_digits.py --workdir runs/aae_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('aae_mnist.py'))
  config.data.source = 'digits'
  config.steps = 3000
  return config
