"""DCGAN (Radford et al. 2016) on CIFAR-10, 32x32 RGB: G z(100) → 4x4x512 → 8x8x256 → 16x16x128 →
32x32x3 (4x4 stride-2 transposed convs, BN, ReLU, tanh); D 128 → 256 → 512 (4x4 stride-2 convs,
LeakyReLU 0.2, BN but on the first) → dense 1: the paper's guidelines, BN in both players (Sec. 3).
Non-saturating loss, Adam 2e-4 β1 0.5, batch 128 (Sec. 4), pixels in [-1, 1]; 50,000 steps
(128 epochs), sngan_cifar10's count of G updates.

Data, once, where there is network and TensorFlow (genjax reads the array_record files without
it; TFDS_DATA_DIR chooses the folder for both):

  python -c "import tensorflow_datasets as tfds; tfds.builder('cifar10').download_and_prepare(file_format='array_record')"

  genjax train --config configs/dcgan_cifar10.py --workdir runs/dcgan_cifar10
  genjax stats --source tfds:cifar10 --split train --inception_weights inception.npz --out cifar10_train.npz
  genjax eval --workdir runs/dcgan_cifar10 --metrics fid,is --num_samples 50000 --inception_weights inception.npz \
      --reference cifar10_train.npz

FID from InceptionV3 (docs/inception.md) on 50,000 samples, as the papers count them, against the
statistics of the training images (`genjax stats`, computed once), as papers compare; without
--reference, genjax eval compares with the held-out split.
"""
from genjax.config import base_config


def get_config():
  config = base_config('gan')
  config.steps = 50_000
  config.batch_size = 128
  config.log_every = 100
  config.sample_every = 2500
  config.checkpoint_every = 5000
  config.data.source = 'tfds:cifar10'
  config.data.range = 'signed'
  config.model.generator = 'dcgan'
  config.model.discriminator = 'dcgan'
  config.model.latent_dim = 100
  config.model.g_features = (512, 256, 128)
  config.model.d_features = (128, 256, 512)
  config.model.d_batchnorm = True
  config.optim.generator.learning_rate = 2e-4
  config.optim.generator.b1 = 0.5
  config.optim.discriminator.learning_rate = 2e-4
  config.optim.discriminator.b1 = 0.5
  return config
