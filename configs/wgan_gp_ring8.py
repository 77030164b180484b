"""WGAN-GP (Gulrajani et al. 2017): Wasserstein loss, gradient penalty λ = 10, 5 critic
updates per generator update, on the ring of 8 Gaussians: gan_ring8's networks, optimizer and budget otherwise.

  genjax train --config configs/wgan_gp_ring8.py --workdir runs/wgan_gp_ring8
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'gan_ring8.py'), 'wgan_gp')
