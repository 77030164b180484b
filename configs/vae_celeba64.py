"""vae_cifar10's convolutional VAE and discretized logistic likelihood on CelebA at 64x64: one more
strided layer each way (64x64x3 → 64 → 128 → 256 → 512 → 128-d code, decoder mirrored), faces as
usual (the central 178x178 square of each 218x178 image, data.center_crop, resized to 64x64);
Adam 1e-3, batch 128, 50,000 steps (about 39 epochs of the 162,770 training images).

Data, once, where there is network and TensorFlow (TFDS fetches the aligned images, 1.4 GB, from
Google Drive; genjax reads the array_record files without TensorFlow):

  python -c "import tensorflow_datasets as tfds; tfds.builder('celeb_a').download_and_prepare(file_format='array_record')"

  genjax train --config configs/vae_celeba64.py --workdir runs/vae_celeba64
  genjax eval --workdir runs/vae_celeba64 --metrics nll,fid --inception_weights inception.npz

nll: the ELBO and the IWAE bound (k = 5,000) on the 19,962 test images, as nats and bits/dim.
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_cifar10.py')
  config.data.source = 'tfds:celeb_a'
  config.data.center_crop = 178
  config.data.resize = 64
  config.model.features = (64, 128, 256, 512)
  return config
