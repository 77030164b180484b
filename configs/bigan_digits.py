"""bigan_mnist on scikit-learn's 8x8 digits, offline: the quick run of BiGAN (Donahue et al. 2017).

  genjax train --config configs/bigan_digits.py --workdir runs/bigan_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('bigan_mnist.py'))
  config.data.source = 'digits'
  config.steps = 3000
  return config
