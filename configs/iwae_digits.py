"""IWAE (Burda et al. 2016): vae_digits.py trained on the k = 5 importance-weighted bound.

  genjax train --config configs/iwae_digits.py --workdir runs/iwae_digits
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('vae_digits.py'))
  config.model.objective = 'iwae'
  config.model.iwae_samples = 5
  return config
