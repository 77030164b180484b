"""CoGAN on scikit-learn's 8x8 digits and their edge maps, offline ('pair:digits:edges'): the
cogan_mnist networks at half the width (G 2x2x64 → 4x4x32 shared → 8x8x1 own; D own conv 32,
shared conv 64 → dense 1), batch 64.

  genjax train --config configs/cogan_digits.py --workdir runs/cogan_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('cogan_mnist.py'))
  config.data.source = 'pair:digits:edges'
  config.steps = 3000
  config.sample_every = 500
  config.checkpoint_every = 1000
  config.model.latent_dim = 32
  config.model.g_features = (64, 32)
  config.model.d_features = (32, 64)
  return config
