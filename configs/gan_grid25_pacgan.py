"""PacGAN4 (Lin et al. 2018): D judges 4 packed samples at once, on the 5x5 grid of Gaussians: gan_grid25's networks, optimizer and budget otherwise.

  genjax train --config configs/gan_grid25_pacgan.py --workdir runs/gan_grid25_pacgan
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'gan_grid25.py'), 'pacgan4')
