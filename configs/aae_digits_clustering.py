"""aae_mnist_clustering on scikit-learn's 8x8 digits, offline.

  genjax train --config configs/aae_digits_clustering.py --workdir runs/aae_digits_clustering
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('aae_mnist_clustering.py'))
  config.data.source = 'digits'
  config.steps = 3000
  return config
