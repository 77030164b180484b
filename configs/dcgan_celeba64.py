"""DCGAN (Radford et al. 2016) on CelebA at 64x64: the paper's networks (Fig. 1), G z(100) →
4x4x1024 → 8x8x512 → 16x16x256 → 32x32x128 → 64x64x3 (4x4 stride-2 transposed convs, computed as
sub-pixel matmuls, BN, ReLU, tanh), D its mirror 128 → 256 → 512 → 1024 (4x4 stride-2 convs,
LeakyReLU 0.2, BN but on the first) → dense 1; dcgan_cifar10's loss and optimizer (Adam 2e-4 β1
0.5, batch 128); 32,000 steps, about 25 epochs of the 162,770 training images. Faces as usual:
the central 178x178 square of each 218x178 image (data.center_crop), resized to 64x64, in [-1, 1].

Data, once, where there is network and TensorFlow (TFDS fetches the aligned images, 1.4 GB, from
Google Drive; genjax reads the array_record files without TensorFlow):

  python -c "import tensorflow_datasets as tfds; tfds.builder('celeb_a').download_and_prepare(file_format='array_record')"

  genjax train --config configs/dcgan_celeba64.py --workdir runs/dcgan_celeba64
  genjax stats --source tfds:celeb_a --split train --config.data.center_crop=178 --config.data.resize=64 --inception_weights inception.npz --out celeb_a_train64.npz
  genjax eval --workdir runs/dcgan_celeba64 --metrics fid,kid --num_samples 50000 --inception_weights inception.npz \
      --reference celeb_a_train64.npz

FID from InceptionV3 (docs/inception.md) on 50,000 samples, as papers count them, against the
statistics of the training images (`genjax stats`, computed once), as papers compare; without
--reference, genjax eval compares with the held-out split.
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'dcgan_cifar10.py')
  config.steps = 32_000
  config.data.source = 'tfds:celeb_a'
  config.data.center_crop = 178
  config.data.resize = 64
  config.model.g_features = (1024, 512, 256, 128)
  config.model.d_features = (128, 256, 512, 1024)
  return config
