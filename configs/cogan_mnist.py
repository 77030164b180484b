"""CoGAN on MNIST and its edge maps (Liu & Tuzel 2016, "Coupled Generative Adversarial Networks",
digits, Fig. 2): two DCGAN-like GANs on unpaired halves of MNIST, one half as is, the other as Sobel
edge maps ('pair:mnist:edges'). G: z(100) → 7·7·128 → ×2 to 64, shared, → ×2 to 1 + tanh, own; D: own
conv 64, shared conv 128 (4x4, stride 2, LeakyReLU 0.2) → dense 1. Non-saturating loss, Adam 2e-4 β1
0.5, batch 64, pixels in [-1, 1]. Samples are pairs [28, 28, 2]: one z in both domains.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/cogan_mnist.py --workdir runs/cogan_mnist
"""
from genjax.config import base_config


def get_config():
  config = base_config('cogan')
  config.steps = 10000
  config.batch_size = 64
  config.log_every = 100
  config.sample_every = 1000
  config.checkpoint_every = 2000
  config.data.source = 'pair:mnist:edges'
  config.data.range = 'signed'
  config.optim.generator.learning_rate = 2e-4
  config.optim.generator.b1 = 0.5
  config.optim.discriminator.learning_rate = 2e-4
  config.optim.discriminator.b1 = 0.5
  return config
