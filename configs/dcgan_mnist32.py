"""DCGAN at 32x32: MNIST zero-padded to 32x32, G 4x4x256 → 8x8x128 → 16x16x64 → 32x32x1,
D 64 → 128 → 256 (4x4 stride-2 convs); dcgan_mnist's loss and optimizer otherwise.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/dcgan_mnist32.py --workdir runs/dcgan_mnist32
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_mnist.py')
  config.data.pad_to = 32
  config.model.g_features = (256, 128, 64)
  config.model.d_features = (64, 128, 256)
  return config
