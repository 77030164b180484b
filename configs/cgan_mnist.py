"""Conditional GAN (Mirza & Osindero 2014) on MNIST: dcgan_mnist's networks, the class label
embedded and concatenated to z in G and as constant input channels in D. Sample a digit with
`genjax sample --workdir runs/cgan_mnist --label 7 --num 64 --out sevens.png`.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/cgan_mnist.py --workdir runs/cgan_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_mnist.py')
  config.model.conditioning = 'concat'
  return config
