"""Two unpaired image domains for coupled GANs and translation (CoGAN, Liu & Tuzel 2016, Fig. 2;
CycleGAN, Zhu et al. 2017), built offline and deterministically, as 'pair:BASE:OTHER'.

OTHER is a transform of BASE or a second base:
- 'edges', the Sobel gradient magnitude of each image scaled so that its maximum is white (the CoGAN
  paper's digits and their edge maps); 'negative', 1 − x; 'rotated', turned 90 degrees. A fixed
  permutation splits each split of BASE (train, and test when it has one) into two disjoint halves of
  equal size; domain A is the first half as is, domain B the second half transformed, so no base
  image appears in both domains.
- 'digits' or 'mnist': domain A is BASE and domain B the other base, each whole; set data.resize so
  that both have one size (e.g. 28 for digits against MNIST). The longer domain is cut to the
  shorter one's length, split for split.

Layout: example n is x [H, W, 2], channel 0 a domain A image and channel 1 a domain B image made
from a different base image; its label, when the base has labels, is domain A's (`load_domains`
keeps each domain's own labels). Each domain is preprocessed as a one-channel source of its own
(ranges, resizing, held-out test split).
"""
import dataclasses

import ml_collections
import numpy as np

from genjax.data.dataset import Arrays, Dataset, RawData, decode
from genjax.data.preprocess import preprocess
from genjax.errors import GenjaxError, check_choice

BASES = ('digits', 'mnist')
# Fixed (not the experiment seed): every experiment sees the same two domains.
_SEED = 0


def edges(images: np.ndarray, levels: int) -> np.ndarray:
  """Sobel gradient magnitude of each image [N, H, W], scaled per image to the full pixel range:
  integers of `levels` levels, or floats in [0, 1] when `levels` is 0; blank images stay blank."""
  from scipy import ndimage  # pylint: disable=import-outside-toplevel  # slow import, only needed here
  x = images.astype(np.float32)
  magnitude = np.hypot(ndimage.sobel(x, axis=1), ndimage.sobel(x, axis=2))
  peak = magnitude.max(axis=(1, 2), keepdims=True)
  unit = np.divide(magnitude, peak, out=np.zeros_like(magnitude), where=peak > 0)
  return np.rint(unit * (levels - 1)).astype(images.dtype) if levels else unit


def negative(images: np.ndarray, levels: int) -> np.ndarray:
  """1 − x in pixel units: (levels − 1) − v for integer pixels, 1 − v for floats in [0, 1]."""
  return (levels - 1 - images).astype(images.dtype) if levels else 1.0 - images


def rotated(images: np.ndarray, levels: int) -> np.ndarray:  # pylint: disable=unused-argument
  """Each image [N, H, W] turned 90 degrees counterclockwise, exactly (a permutation of its pixels;
  H and W swap)."""
  return np.rot90(images, k=1, axes=(1, 2))


TRANSFORMS = {'edges': edges, 'negative': negative, 'rotated': rotated}


def halves(base: RawData, transform: str, what: str) -> tuple[RawData, RawData]:
  """Domains A and B of a grayscale image source, split for split, each [N, H, W] with N half the
  base split's size (rounded down)."""
  check_choice(f'{what}: the transform', transform, TRANSFORMS)
  if base.kind != 'image':
    raise GenjaxError(f'{what}: two domains are built from grayscale images')
  rng = np.random.default_rng(_SEED)
  train = _split_halves(base.train, rng, what)
  test = None if base.test is None else _split_halves(base.test, rng, what)
  change = TRANSFORMS[transform]

  def transformed(arrays: Arrays) -> Arrays:
    return Arrays(change(arrays.x, base.levels), arrays.y)

  def domain(train_part: Arrays, test_part: Arrays | None) -> RawData:
    return RawData(kind='image', train=train_part, test=test_part, levels=base.levels,
                   num_classes=base.num_classes)

  return (domain(train[0], None if test is None else test[0]),
          domain(transformed(train[1]), None if test is None else transformed(test[1])))


def _split_halves(split: Arrays, rng: np.random.Generator, what: str) -> tuple[Arrays, Arrays]:
  x = split.x if split.x.ndim == 3 else split.x[..., 0] if split.x.shape[-1] == 1 else None
  if x is None:
    raise GenjaxError(f'{what}: two domains need one-channel images, got shape {split.x.shape}')
  half = len(x) // 2
  order = rng.permutation(len(x))
  parts = order[:half], order[half:2 * half]
  return tuple(Arrays(x[p], None if split.y is None else np.asarray(split.y)[p]) for p in parts)


def load_domains(domain_a: RawData, domain_b: RawData, data_cfg: ml_collections.ConfigDict,
                 what: str) -> tuple[Dataset, Dataset]:
  """Domains A and B preprocessed, each [N, H, W, 1] with its own labels; equally many examples
  (the longer domain cut), split for split."""
  a, b = (preprocess(f'{what} (domain {name})', raw, data_cfg) for name, raw in zip('AB', (domain_a, domain_b)))
  if a.shape != b.shape:
    raise GenjaxError(f'{what}: domain A images of shape {a.shape} but domain B images of shape '
                      f'{b.shape}; set data.resize to one size for both')
  train, test = min(len(a.train_raw), len(b.train_raw)), min(len(a.test_raw), len(b.test_raw))
  return tuple(_first(domain, train, test) for domain in (a, b))


def load(domain_a: RawData, domain_b: RawData, data_cfg: ml_collections.ConfigDict, what: str) -> Dataset:
  """The preprocessed two-domain data set: x [N, H, W, 2], labels of domain A."""
  a, b = load_domains(domain_a, domain_b, data_cfg, what)
  if a.levels != b.levels:  # e.g. digits (17 levels) beside MNIST (256): one channel each, as floats in [0, 1]
    a, b = _unit_floats(a), _unit_floats(b)
  return dataclasses.replace(a, name=what, train_raw=_channels(a.train_raw, b.train_raw),
                             test_raw=_channels(a.test_raw, b.test_raw))


def _unit_floats(data: Dataset) -> Dataset:
  """`data` with its pixels stored as float32 in [0, 1] (which `Dataset.decode` maps as before)."""
  unit = lambda raw: decode(raw, data.kind, data.levels, (0.0, 1.0))
  return dataclasses.replace(data, train_raw=unit(data.train_raw), test_raw=unit(data.test_raw))


def _first(data: Dataset, train: int, test: int) -> Dataset:
  """`data` with its first `train` training and `test` held-out examples."""
  cut = lambda x, n: None if x is None else x[:n]
  return dataclasses.replace(data, train_raw=cut(data.train_raw, train), train_y=cut(data.train_y, train),
                             test_raw=cut(data.test_raw, test), test_y=cut(data.test_y, test))


def _channels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
  """Read-only [N, H, W, 2] from two one-channel [N, H, W, 1] arrays."""
  x = np.concatenate([a, b], axis=-1)
  x.setflags(write=False)
  return x
