"""Convolutional VAE (Kingma & Welling 2014) on CIFAR-10 with a likelihood for 8-bit RGB: the
discretized logistic of PixelCNN++ (Salimans et al. 2017, Eq. 2), one logistic per subpixel with
the decoder's location and one learned scale, a probability mass on the 256 levels, so the NLL is
in bits/dim of the pixels as stored. The encoder is DCGAN's strided stack, 32x32x3 → 64 → 128 →
256 (4x4 stride-2 convs, LeakyReLU 0.2) → (mean, log-variance) of a 128-d code; the decoder
mirrors it (dense to 4x4x256, sub-pixel transposed convs, ReLU) to the locations. Adam 1e-3;
dcgan_cifar10's schedule (batch 128, 50,000 steps: 128 epochs), pixels in [0, 1].

Data, once, where there is network and TensorFlow (genjax reads the array_record files without
it; TFDS_DATA_DIR chooses the folder for both):

  python -c "import tensorflow_datasets as tfds; tfds.builder('cifar10').download_and_prepare(file_format='array_record')"

  genjax train --config configs/vae_cifar10.py --workdir runs/vae_cifar10
  genjax eval --workdir runs/vae_cifar10 --metrics nll,fid --inception_weights inception.npz

nll: the ELBO and the IWAE bound (k = 5,000, Burda et al. 2016) on the 10,000 test images, as
nats and bits/dim; fid: 10,000 samples (--num_samples 50000 for the papers' count) against them.
"""
from genjax.config import extend, with_method


def get_config():
  config = with_method(extend(__file__, 'dcgan_cifar10.py'), 'vae')  # its schedule and data
  config.data.range = 'unit'
  config.model.encoder = 'conv'
  config.model.decoder = 'conv'
  config.model.features = (64, 128, 256)
  config.model.latent_dim = 128
  config.model.likelihood = 'logistic'
  return config
