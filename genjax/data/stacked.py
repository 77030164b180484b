"""Stacked digits (Metz et al. 2017; Srivastava et al. 2017): three independently drawn grayscale
digits as the R, G and B channels, so 1,000 modes, labelled 100·a + 10·b + c."""
import numpy as np

from genjax.data.dataset import Arrays, RawData
from genjax.errors import GenjaxError

CHANNELS = 3
# Fixed (not the experiment seed): every experiment sees the same stacked set.
_SEED = 0


def stack(base: RawData, what: str) -> RawData:
  """The stacked version of a labelled grayscale image source, split for split, same sizes."""
  if base.kind != 'image' or base.train.y is None:
    raise GenjaxError(f'{what}: stacking needs labelled grayscale images')
  rng = np.random.default_rng(_SEED)
  return RawData(kind='image', train=_stack_split(base.train, rng, what),
                 test=None if base.test is None else _stack_split(base.test, rng, what),
                 levels=base.levels, num_classes=10**CHANNELS)


def _stack_split(split: Arrays, rng: np.random.Generator, what: str) -> Arrays:
  x = split.x if split.x.ndim == 3 else split.x[..., 0] if split.x.shape[-1] == 1 else None
  if x is None:
    raise GenjaxError(f'{what}: stacking needs one-channel images, got shape {split.x.shape}')
  picks = [rng.permutation(len(x)) for _ in range(CHANNELS)]
  labels = sum(np.asarray(split.y)[p].astype(np.int64) * 10**(CHANNELS - 1 - c) for c, p in enumerate(picks))
  return Arrays(np.stack([x[p] for p in picks], axis=-1), labels)


def channel_labels(labels: np.ndarray) -> np.ndarray:
  """Stacked labels [N] -> the digit of each channel [N, 3]."""
  return np.stack([(labels // 10**(CHANNELS - 1 - c)) % 10 for c in range(CHANNELS)], axis=-1)
