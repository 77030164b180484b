"""dcgan_mnist with every DCGAN guideline (Radford et al. 2016, Sec. 3) switched off: no batch
norm, a hidden dense layer in G, nearest-neighbour upsampling, max pooling and ReLU in D, Adam's
default β1 = 0.9. Train it beside dcgan_mnist for the course's "with vs without" comparison;
each toggle can also be flipped alone (--config.model.d_activation=leaky_relu ...).

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/dcgan_mnist_no_guidelines.py --workdir runs/dcgan_mnist_no_guidelines
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_mnist.py')
  config.model.g_batchnorm = False
  config.model.g_hidden_dense = 1024
  config.model.g_upsample = 'resize'
  config.model.d_downsample = 'pool'
  config.model.d_activation = 'relu'
  config.optim.generator.b1 = 0.9
  config.optim.discriminator.b1 = 0.9
  return config
