"""GAN on the 5x5 grid of Gaussians (σ = 0.05), same networks, optimizer and 20k-step budget as
gan_ring8; at this budget the plain GAN often covers few or none of the 25 modes.

  genjax train --config configs/gan_grid25.py --workdir runs/gan_grid25
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'gan_ring8.py')
  config.data.source = 'toy:grid25'
  return config
