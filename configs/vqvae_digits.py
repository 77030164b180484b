"""VQ-VAE with a PixelCNN prior on scikit-learn's 8x8 digits, offline: a 4x4 grid of codes
(one 4x4 stride-2 conv of width 64 down, mirrored up), 32 codes of 8 dims, Bernoulli decoder,
dead-code restarts after 100 unused steps; the schedule and data of vae_digits.py.

  genjax train --config configs/vqvae_digits.py --workdir runs/vqvae_digits
"""
from genjax.config import extend, with_method


def get_config():
  config = with_method(extend(__file__, 'vae_digits.py'), 'vqvae')
  config.model.features = (64,)
  config.model.code_dim = 8
  config.model.num_codes = 32
  config.model.prior_features = 32
  config.model.prior_layers = 2
  config.model.prior_kernel = 3
  return config
