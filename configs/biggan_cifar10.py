"""BigGAN on CIFAR-10, class-conditional (Brock et al. 2019): sngan_cifar10's ResNet players at
BigGAN's 32x32 width (G and D 256 channels everywhere) with its ingredients: spectral norm in G as
well as D, a class embedding shared by all of G's conditional batch norms, a projection
discriminator (Miyato & Koyama 2018), hinge loss and an EMA of G's weights (decay 0.9999) for
sampling. The authors' CIFAR-10 script (BigGAN-PyTorch) otherwise: 4 D steps per G step, Adam
2e-4 for both (β1 0, β2 0.999), batch 50, no attention, no orthogonal regularization, 500 epochs
(125,000 G updates at 4 batches each). Not in genjax: their N(0, 0.02) initialization and EMA
start at step 1,000. They report IS 9.22 and FID 14.73.

Data, once, where there is network and TensorFlow (genjax reads the array_record files without
it; TFDS_DATA_DIR chooses the folder for both):

  python -c "import tensorflow_datasets as tfds; tfds.builder('cifar10').download_and_prepare(file_format='array_record')"

  genjax train --config configs/biggan_cifar10.py --workdir runs/biggan_cifar10
  genjax stats --source tfds:cifar10 --split train --inception_weights inception.npz --out cifar10_train.npz
  genjax eval --workdir runs/biggan_cifar10 --metrics fid,is --num_samples 50000 --inception_weights inception.npz \
      --reference cifar10_train.npz

FID from InceptionV3 (docs/inception.md) on 50,000 samples drawn over the classes, as the paper
counts them, against the statistics of the training images (`genjax stats`, computed once), as
papers compare; without --reference, genjax eval compares with the held-out split.
`genjax sample --label K` draws class K.
"""
from genjax.config import extend, with_variant


def get_config():
  config = with_variant(extend(__file__, 'sngan_cifar10.py'), 'biggan')
  config.steps = 125_000
  config.batch_size = 50
  config.model.generator = 'resnet'
  config.model.discriminator = 'resnet'
  config.model.d_features = (256, 256, 256, 256)
  config.model.g_spectral_norm = True
  config.model.d_steps = 4
  config.model.orthogonal_reg = 0.0
  for player in ('generator', 'discriminator'):
    config.optim[player].learning_rate = 2e-4
    config.optim[player].b2 = 0.999
  config.optim.generator.ema_decay = 0.9999
  return config
