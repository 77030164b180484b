"""Unrolled GAN (Metz et al. 2017): G's loss taken through k = 5 unrolled D updates, on the 5x5 grid of Gaussians: gan_grid25's networks, optimizer and budget otherwise.

  genjax train --config configs/gan_grid25_unrolled.py --workdir runs/gan_grid25_unrolled
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'gan_grid25.py'), 'unrolled')
