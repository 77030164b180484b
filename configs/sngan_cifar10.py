"""SNGAN on CIFAR-10 (Miyato et al. 2018, "Spectral Normalization for GANs"): the ResNet players of
Appendix B, Table 4. G z(128) → dense 4x4x256 → 3 ResBlocks up (256) → BN, ReLU, 3x3 conv, tanh;
D 2 ResBlocks down (128) → 2 ResBlocks (128) → ReLU, global sum pooling → dense 1, spectral norm
on every layer of D (Eq. 8; σ by power iteration, one per training-mode call). Hinge loss, 5 D
updates per G update, Adam 2e-4 (β1 0, β2 0.9) for both, batch 64, 50,000 G updates (for the
paper's 100,000: --config.steps=100000), a constant learning rate. The paper reports IS 8.22 and
FID 21.7 (Table 2). Pixels in [-1, 1].

Data, once, where there is network and TensorFlow (genjax reads the array_record files without
it; TFDS_DATA_DIR chooses the folder for both):

  python -c "import tensorflow_datasets as tfds; tfds.builder('cifar10').download_and_prepare(file_format='array_record')"

  genjax train --config configs/sngan_cifar10.py --workdir runs/sngan_cifar10
  genjax stats --source tfds:cifar10 --split train --inception_weights inception.npz --out cifar10_train.npz
  genjax eval --workdir runs/sngan_cifar10 --metrics fid,is --num_samples 50000 --inception_weights inception.npz \
      --reference cifar10_train.npz

FID from InceptionV3 (docs/inception.md) on 50,000 samples, as the paper counts them, against the
statistics of the training images (`genjax stats`, computed once), as papers compare; without
--reference, genjax eval compares with the held-out split.
"""
from genjax.config import extend, with_method


def get_config():
  config = with_method(extend(__file__, 'dcgan_cifar10.py'), 'gan')  # its schedule and data
  config.batch_size = 64
  config.model.generator = 'resnet'
  config.model.discriminator = 'resnet'
  config.model.latent_dim = 128
  config.model.g_features = (256, 256, 256)
  config.model.d_features = (128, 128, 128, 128)
  config.model.d_downsamplings = 2
  config.model.spectral_norm = True
  config.model.loss = 'hinge'
  config.model.d_steps = 5
  for player in ('generator', 'discriminator'):
    config.optim[player].learning_rate = 2e-4
    config.optim[player].b1 = 0.0
    config.optim[player].b2 = 0.9
  return config
