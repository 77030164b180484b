"""GAN on the ring of 8 Gaussians (σ = 0.01) with PacGAN's toy networks and optimizer (Lin et al.
2018, after VEEGAN): G 4 x 400 ReLU with batch norm, 2-D noise; D 3 x 200 maxout units of 5 pieces,
no batch norm; Adam 1e-4 β1 0.8, batch 100; for 20k steps. The classic
mode-collapse demonstration: see docs/results/eval_baselines.md for what this budget reaches.

  genjax train --config configs/gan_ring8.py --workdir runs/gan_ring8
"""
from genjax.config import base_config


def get_config():
  config = base_config('gan')
  config.steps = 20_000
  config.batch_size = 100
  config.log_every = 200
  config.sample_every = 2000
  config.checkpoint_every = 5000
  config.num_grid_samples = 2500
  config.data.source = 'toy:ring8'
  config.model.latent_dim = 2
  config.model.g_hidden = (400, 400, 400, 400)
  config.model.g_batchnorm = True
  config.model.d_hidden = (200, 200, 200)
  config.model.d_activation = 'maxout'
  config.model.d_maxout_pieces = 5
  config.optim.generator.learning_rate = 1e-4
  config.optim.generator.b1 = 0.8
  config.optim.discriminator.learning_rate = 1e-4
  config.optim.discriminator.b1 = 0.8
  return config
