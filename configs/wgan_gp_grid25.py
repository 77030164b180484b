"""WGAN-GP (Gulrajani et al. 2017): Wasserstein loss, gradient penalty λ = 10, 5 critic
updates per generator update, on the 5x5 grid of Gaussians: gan_grid25's networks, optimizer and budget otherwise.

  genjax train --config configs/wgan_gp_grid25.py --workdir runs/wgan_gp_grid25
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'gan_grid25.py'), 'wgan_gp')
