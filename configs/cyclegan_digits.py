"""CycleGAN on scikit-learn's 8x8 digits and their negatives, offline ('pair:digits:negative'): the
cyclegan_mnist_rotated recipe at 8x8 with narrower nets (G widths 16, 32; D widths 32, 64).

  genjax train --config configs/cyclegan_digits.py --workdir runs/cyclegan_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'cyclegan_mnist_rotated.py')
  config.data.source = 'pair:digits:negative'
  config.steps = 2000
  config.sample_every = 500
  config.checkpoint_every = 500
  config.model.g_features = (16, 32)
  config.model.d_features = (32, 64)
  return config
