"""CycleGAN between MNIST and MNIST turned 90 degrees (Zhu et al. 2017, "Unpaired Image-to-Image
Translation using Cycle-Consistent Adversarial Networks"), unpaired halves ('pair:mnist:rotated').
G and F: 7x7 conv 32, 3x3 stride-2 conv 64, 3 residual blocks (the paper's 6 are for 128x128
images), 4x4 stride-2 transposed conv 32, 7x7 conv 1 + tanh, instance norm; D_A and D_B: 70x70-style PatchGAN scaled to 28x28 (4x4 stride-2
convs 64, 128, then one score per patch). Least-squares losses, λ_cycle 10, λ_identity 0.5, a pool
of 50 generated images, Adam 2e-4 β1 0.5 (the paper's values); batch 16 instead of 1.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/cyclegan_mnist_rotated.py --workdir runs/cyclegan_mnist_rotated
  genjax translate --workdir runs/cyclegan_mnist_rotated --out translations.png
"""
from genjax.config import base_config


def get_config():
  config = base_config('cyclegan')
  config.steps = 5000
  config.batch_size = 16
  config.log_every = 100
  config.sample_every = 1000
  config.checkpoint_every = 1000
  config.data.source = 'pair:mnist:rotated'
  config.data.range = 'signed'
  config.model.residual_blocks = 3
  config.optim.generator.learning_rate = 2e-4
  config.optim.generator.b1 = 0.5
  config.optim.discriminator.learning_rate = 2e-4
  config.optim.discriminator.b1 = 0.5
  return config
