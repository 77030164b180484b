"""WGAN-GP (Gulrajani et al. 2017): Wasserstein loss, gradient penalty λ = 10, 5 critic
updates per generator update, on stacked MNIST: dcgan_stacked_mnist otherwise.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/wgan_gp_stacked_mnist.py --workdir runs/wgan_gp_stacked_mnist
"""
from genjax.config import extend, with_variant


def get_config():
  return with_variant(extend(__file__, 'dcgan_stacked_mnist.py'), 'wgan_gp')
