"""PacGAN4 (Lin et al. 2018): D judges 4 packed samples at once, on the ring of 8 Gaussians: gan_ring8's networks, optimizer and budget otherwise.

  genjax train --config configs/gan_ring8_pacgan.py --workdir runs/gan_ring8_pacgan
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'gan_ring8.py'), 'pacgan4')
