"""2-D toy data sets for mode-collapse studies: Gaussian mixtures and the swiss roll.

Ring and grid follow the recipe of the unrolled-GAN, VEEGAN and PacGAN papers (Metz et al. 2017,
Srivastava et al. 2017, Lin et al. 2018): 8 Gaussians on the unit circle with sigma 0.01, and 25
Gaussians on the grid {-4, -2, 0, 2, 4}^2 with sigma 0.05.
"""
from typing import NamedTuple

import numpy as np

from genjax.data.dataset import Arrays, RawData
from genjax.errors import GenjaxError

TEST_SIZE = 10_000
# Fixed seeds (not the experiment seed): every experiment sees the same points.
_TRAIN_SEED, _TEST_SEED = 0, 1
# sklearn's roll spans about [-14.1, 14.1]^2 before scaling; noise is its Gaussian std.
_SWISSROLL_NOISE, _SWISSROLL_SCALE = 0.5, 7.5


class Mixture(NamedTuple):
  """An isotropic Gaussian mixture with equal weights."""
  means: np.ndarray  # [K, 2]
  sigma: float


def _ring(k: int, radius: float = 1.0) -> np.ndarray:
  angles = 2 * np.pi * np.arange(k) / k
  return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def _grid(ticks: np.ndarray) -> np.ndarray:
  return np.stack(np.meshgrid(ticks, ticks, indexing='ij'), axis=-1).reshape(-1, 2)


MIXTURES: dict[str, Mixture] = {
    'ring8': Mixture(_ring(8).astype(np.float32), 0.01),
    'grid25': Mixture(_grid(np.arange(-4.0, 5.0, 2.0)).astype(np.float32), 0.05),
}
NAMES = (*MIXTURES, 'swissroll')


def sample_mixture(mixture: Mixture, n: int, seed: int) -> Arrays:
  """Draws `n` points and their component indices, components uniformly at random."""
  rng = np.random.default_rng(seed)
  labels = rng.integers(len(mixture.means), size=n)
  points = mixture.means[labels] + mixture.sigma * rng.standard_normal((n, 2))
  return Arrays(points.astype(np.float32), labels.astype(np.int32))


def sample_swissroll(n: int, seed: int) -> Arrays:
  """Draws `n` unlabelled points of sklearn's swiss roll projected on its (x, z) plane.

  sklearn's `make_swiss_roll(noise=0.5)` has (x, z) = t (cos t, sin t) plus noise, with
  t in [1.5 pi, 4.5 pi]; dividing by 7.5 puts the roll in about [-1.9, 1.9]^2.
  """
  from sklearn import datasets  # pylint: disable=import-outside-toplevel  # slow import, only needed here
  points, _ = datasets.make_swiss_roll(n, noise=_SWISSROLL_NOISE, random_state=seed)
  return Arrays((points[:, [0, 2]] / _SWISSROLL_SCALE).astype(np.float32))


def load_toy(name: str, size: int) -> RawData:
  """`size` training points and an independent test set of `TEST_SIZE` points."""
  if name in MIXTURES:
    mixture = MIXTURES[name]
    return RawData(
        kind='points',
        train=sample_mixture(mixture, size, _TRAIN_SEED),
        test=sample_mixture(mixture, TEST_SIZE, _TEST_SEED),
        num_classes=len(mixture.means))
  if name == 'swissroll':
    return RawData(
        kind='points',
        train=sample_swissroll(size, _TRAIN_SEED),
        test=sample_swissroll(TEST_SIZE, _TEST_SEED))
  known = ', '.join(f'toy:{known}' for known in NAMES)
  raise GenjaxError(f"unknown toy source 'toy:{name}'; known: {known}")
