"""VQ-VAE with a PixelCNN prior on MNIST: encoder convs 32 → 64 (4x4, stride 2) to a 7x7 grid of
codes, 64 codes of 16 dims, decoder mirrored, Bernoulli likelihood on grey levels, commitment
β = 0.25, dead-code restarts after 100 unused steps; the prior a mask-A 5x5 conv and four
residual mask-B 3x3 convs of width 64. Adam 1e-3 for both players; the schedule of vae_mnist.py
(batch 128) on grey levels.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/vqvae_mnist.py --workdir runs/vqvae_mnist
"""
from genjax.config import extend, with_method


def get_config():
  config = with_method(extend(__file__, 'vae_mnist.py'), 'vqvae')
  config.data.binarize = False
  config.model.features = (32, 64)
  config.model.code_dim = 16
  config.model.num_codes = 64
  return config
