"""Unrolled GAN (Metz et al. 2017): G's loss taken through k = 5 unrolled D updates, on the ring of 8 Gaussians: gan_ring8's networks, optimizer and budget otherwise.

  genjax train --config configs/gan_ring8_unrolled.py --workdir runs/gan_ring8_unrolled
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'gan_ring8.py'), 'unrolled')
