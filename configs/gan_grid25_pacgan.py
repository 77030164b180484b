"""PacGAN4 (Lin et al. 2018): D judges 4 packed samples at once, on the 5x5 grid of Gaussians: gan_grid25's networks, optimizer and budget otherwise.

  genjax train --config configs/gan_grid25_pacgan.py --workdir runs/gan_grid25_pacgan
"""
import pathlib

from genjax.config import load_config
from genjax.methods.gan_variants import with_variant


def get_config():
  return with_variant(load_config(pathlib.Path(__file__).with_name('gan_grid25.py')), 'pacgan4')
