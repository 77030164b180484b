"""IWAE (Burda et al. 2016): vae_digits.py trained on the k = 5 importance-weighted bound.

  genjax train --config configs/iwae_digits.py --workdir runs/iwae_digits
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_digits.py')
  config.model.objective = 'iwae'
  config.model.iwae_samples = 5
  return config
