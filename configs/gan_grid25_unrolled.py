"""Unrolled GAN (Metz et al. 2017): G's loss taken through k = 5 unrolled D updates, on the 5x5 grid of Gaussians: gan_grid25's networks, optimizer and budget otherwise.

  genjax train --config configs/gan_grid25_unrolled.py --workdir runs/gan_grid25_unrolled
"""
import pathlib

from genjax.config import load_config
from genjax.methods.gan_variants import with_variant


def get_config():
  return with_variant(load_config(pathlib.Path(__file__).with_name('gan_grid25.py')), 'unrolled')
