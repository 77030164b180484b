"""Plain autoencoder (squared error, MLP encoder and decoder) on scikit-learn's 8x8 digits, offline.

The nets, code size and schedule of vae_digits.py, so that their samples (decodings of
z ~ N(0, I)) can be set side by side: the autoencoder's codes do not fill that prior.

  genjax train --config configs/ae_digits.py --workdir runs/ae_digits
"""
from genjax.config import extend, with_method


def get_config():
  config = with_method(extend(__file__, 'vae_digits.py'), 'ae')
  config.model.hidden = (256,)
  config.model.latent_dim = 8
  return config
