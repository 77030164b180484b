"""BigGAN's ingredients at MNIST scale (Brock et al. 2019): spectral norm in G and D (Miyato et al.
2018), a self-attention block at 14x14 (Zhang et al. 2019), a shared class embedding feeding
conditional batch norm in G, a projection discriminator, hinge loss, two D steps per G step,
TTUR learning rates (G 1e-4, D 4e-4, Adam β1 0), orthogonal regularization β = 1e-4 on G and an
EMA of G's weights for sampling; dcgan_mnist's widths, data and budget otherwise.
The truncation trick: set model.truncation (e.g. 1.0).

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/biggan_mnist.py --workdir runs/biggan_mnist
"""
from genjax.config import extend, with_variant


def get_config():
  config = with_variant(extend(__file__, 'dcgan_mnist.py'), 'biggan')
  config.model.attention_resolution = 14
  return config
