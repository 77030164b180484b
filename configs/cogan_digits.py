"""CoGAN on scikit-learn's 8x8 digits and their edge maps, offline ('pair:digits:edges'): the
cogan_mnist networks at half the width (G 2x2x64 → 4x4x32 shared → 8x8x1 own; D own conv 32,
shared conv 64 → dense 1), batch 64.

  genjax train --config configs/cogan_digits.py --workdir runs/cogan_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'cogan_mnist.py')
  config.data.source = 'pair:digits:edges'
  config.steps = 3000
  config.sample_every = 500
  config.checkpoint_every = 1000
  config.model.latent_dim = 32
  config.model.g_features = (64, 32)
  config.model.d_features = (32, 64)
  return config
