"""The benchmark's cases: one network, batch and optimizer each, shared by both frameworks.

Imports neither JAX nor PyTorch, so each worker loads only its own framework. FLOPs are counted
analytically from the matmuls and convolutions (one multiply-add = 2 FLOPs), per training step.
"""
import dataclasses
import math

import numpy as np


@dataclasses.dataclass(frozen=True)
class Case:
  """A fixed benchmark case.

  Attributes:
    name: the case's name on the command line.
    config: the genjax config file in configs/ it starts from.
    method: 'vae' or 'gan'.
    shape: one image, (H, W, C).
    value_range: pixel range, (0, 1) or (-1, 1).
    batch: images per step.
    model: the network's sizes, applied to the config as `model.KEY=VALUE`.
    learning_rate, b1: Adam's, for every player.
    binarize: dynamic binarization of each batch, on both sides.
    fused: the K values (steps per genjax dispatch) to measure.
    steps: steps per timed repetition; a multiple of every K.
    warmup: steps run per variant before timing.
    examples: synthetic training images held in memory.
  """
  name: str
  config: str
  method: str
  shape: tuple[int, int, int]
  value_range: tuple[float, float]
  batch: int
  model: dict
  learning_rate: float
  b1: float
  binarize: bool
  fused: tuple[int, ...]
  steps: int
  warmup: int
  examples: int = 10_000

  def overrides(self) -> list[str]:
    """genjax config overrides that give this case's network, batch and optimizer."""
    players = ('vae',) if self.method == 'vae' else ('generator', 'discriminator')
    items = [f'batch_size={self.batch}', f'data.binarize={self.binarize}']
    items += [f'model.{key}={value}' for key, value in self.model.items()]
    for player in players:
      items += [f'optim.{player}.learning_rate={self.learning_rate}', f'optim.{player}.b1={self.b1}']
    return items

  def flops_per_step(self) -> float:
    return _vae_flops(self) if self.method == 'vae' else _gan_flops(self)


def synthetic_data(case: Case) -> tuple[np.ndarray, np.ndarray]:
  """Random 8-bit images [N, H, W, C] scaled to the case's range, and labels, like prepared MNIST."""
  rng = np.random.default_rng(0)
  low, high = case.value_range
  levels = rng.integers(0, 256, (case.examples, *case.shape), dtype=np.uint8)
  x = low + (high - low) * levels.astype(np.float32) / 255
  return x.astype(np.float32), rng.integers(0, 10, case.examples).astype(np.int32)


def _vae_flops(case: Case) -> float:
  """Forward, weight-gradient and input-gradient matmuls; none for the data's own gradient."""
  pixels, hidden, latent = math.prod(case.shape), case.model['hidden'][0], case.model['latent_dim']
  encoder = [pixels * hidden, 2 * hidden * latent]
  decoder = [latent * hidden, hidden * pixels]
  macs = 3 * sum(encoder + decoder) - encoder[0]
  return 2.0 * case.batch * macs


def _generator_macs(case: Case) -> list[int]:
  """Multiply-adds per example of each layer of the generator (dense, then transposed convs)."""
  height, width, channels = case.shape
  features = list(case.model['g_features'])
  side_h, side_w = height // 2**len(features), width // 2**len(features)
  macs = [case.model['latent_dim'] * side_h * side_w * features[0]]
  for cin, cout in zip(features, features[1:] + [channels]):
    macs.append(side_h * side_w * cin * cout * 16)  # each input pixel feeds a 4x4 output patch
    side_h, side_w = 2 * side_h, 2 * side_w
  return macs


def _discriminator_macs(case: Case) -> list[int]:
  """Multiply-adds per example of each 4x4 stride-2 conv of the discriminator, then the dense."""
  side_h, side_w, cin = case.shape
  macs = []
  for cout in case.model['d_features']:
    side_h, side_w = side_h // 2, side_w // 2
    macs.append(side_h * side_w * cout * cin * 16)
    cin = cout
  return macs + [side_h * side_w * cin]


def _gan_flops(case: Case) -> float:
  """One D update on a real and a fake batch (G forward only), then one G update through D.

  Per layer, forward = weight gradient = input gradient; no input gradient is computed for the
  data, for z, or (in the D update) for the detached fake batch.
  """
  g, d = _generator_macs(case), _discriminator_macs(case)
  d_update = sum(g) + 2 * (3 * sum(d) - d[0])
  g_update = sum(g) + 2 * sum(d) + 2 * sum(g) - g[0]
  return 2.0 * case.batch * (d_update + g_update)


CASES = {case.name: case for case in (
    Case('vae_mlp', 'vae_mnist', 'vae', (28, 28, 1), (0.0, 1.0), 128,
         {'hidden': (400,), 'latent_dim': 20}, 1e-3, 0.9, True,
         fused=(1, 10, 50, 100), steps=200, warmup=100),
    Case('dcgan_mnist', 'dcgan_mnist', 'gan', (28, 28, 1), (-1.0, 1.0), 64,
         {'latent_dim': 100, 'g_features': (128, 64), 'd_features': (64, 128), 'd_batchnorm': False},
         2e-4, 0.5, False, fused=(1, 5, 20), steps=20, warmup=10),
    Case('dcgan_64', 'dcgan_mnist', 'gan', (64, 64, 3), (-1.0, 1.0), 128,
         {'latent_dim': 100, 'g_features': (1024, 512, 256, 128), 'd_features': (64, 128, 256, 512),
          'd_batchnorm': True},
         2e-4, 0.5, False, fused=(1, 5), steps=5, warmup=2, examples=2_000),
)}
