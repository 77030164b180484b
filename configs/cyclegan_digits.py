"""CycleGAN on scikit-learn's 8x8 digits and their negatives, offline ('pair:digits:negative'): the
cyclegan_mnist_rotated recipe at 8x8 with narrower nets (G widths 16, 32; D widths 32, 64).

  genjax train --config configs/cyclegan_digits.py --workdir runs/cyclegan_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('cyclegan_mnist_rotated.py'))
  config.data.source = 'pair:digits:negative'
  config.steps = 2000
  config.sample_every = 500
  config.checkpoint_every = 500
  config.model.g_features = (16, 32)
  config.model.d_features = (32, 64)
  return config
