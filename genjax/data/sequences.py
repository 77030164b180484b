"""Sequences of one digit rotating over frames, with pixels and whole frames missing: time series
for the GP-VAE, after the rotated MNIST of Casale et al. 2018 and the Healing MNIST of Fortuin et
al. 2020. Built offline from a grayscale image source, deterministic in a seed.

Each sequence starts from the upright digit and turns by `degrees_per_frame` per frame, in a
direction drawn per sequence. The mask is True where a pixel is observed: `missing_frames` frames
per sequence are hidden whole, and exactly round(missing_pixels · H · W) pixels of each other frame.
"""
import ml_collections
import numpy as np

from genjax.data.dataset import Arrays, RawData
from genjax.errors import GenjaxError


def data_config() -> ml_collections.ConfigDict:
  """The `data.sequences` settings of a 'sequences:BASE' source (these values when a config has none)."""
  return ml_collections.ConfigDict(dict(
      frames=10, degrees_per_frame=20.0, missing_pixels=0.5, missing_frames=2, seed=0))


def check_settings(settings: ml_collections.ConfigDict) -> None:
  if settings.frames < 2:
    raise GenjaxError(f'data.sequences.frames must be >= 2, got {settings.frames}')
  if not 0 <= settings.missing_pixels < 1:
    raise GenjaxError(f'data.sequences.missing_pixels must be in [0, 1), got {settings.missing_pixels}')
  if not 0 <= settings.missing_frames < settings.frames:
    raise GenjaxError(f'data.sequences.missing_frames must be in [0, frames), got {settings.missing_frames}')


def build(base: RawData, settings: ml_collections.ConfigDict, what: str) -> RawData:
  """Sequences [N, T, H, W, 1] with masks of the same shape, one per image of `base`, split for split."""
  check_settings(settings)
  if base.kind != 'image':
    raise GenjaxError(f'{what}: sequences are built from grayscale images')
  rng = np.random.default_rng(settings.seed)
  train = _sequence_split(base.train, base.levels, settings, rng, what)
  test = None if base.test is None else _sequence_split(base.test, base.levels, settings, rng, what)
  return RawData(kind='sequence', train=train, test=test, levels=base.levels, num_classes=base.num_classes)


def _sequence_split(split: Arrays, levels: int, settings: ml_collections.ConfigDict,
                    rng: np.random.Generator, what: str) -> Arrays:
  images = split.x if split.x.ndim == 3 else split.x[..., 0] if split.x.shape[-1] == 1 else None
  if images is None:
    raise GenjaxError(f'{what}: sequences need one-channel images, got shape {split.x.shape}')
  directions = rng.choice([-1.0, 1.0], size=len(images))
  angles = directions[:, None] * settings.degrees_per_frame * np.arange(settings.frames)
  frames = rotated(images, angles, levels)
  mask = observed_mask(frames.shape, settings.missing_pixels, settings.missing_frames, rng)
  return Arrays(frames[..., None], split.y, mask[..., None])


def rotated(images: np.ndarray, angles: np.ndarray, levels: int) -> np.ndarray:
  """Image n turned by angles[n, t] degrees (bilinear, same size), [N, T, H, W]; integer pixels stay
  integers of `levels` levels, float pixels stay in [0, 1]."""
  from scipy import ndimage  # pylint: disable=import-outside-toplevel  # slow import, only needed here
  out = np.empty((*angles.shape, *images.shape[1:]), np.float32)
  for n, image in enumerate(images.astype(np.float32)):
    for t, angle in enumerate(angles[n]):
      out[n, t] = ndimage.rotate(image, angle, reshape=False, order=1)
  if levels:
    return np.clip(np.rint(out), 0, levels - 1).astype(images.dtype)
  return np.clip(out, 0.0, 1.0)


def observed_mask(shape: tuple[int, ...], missing_pixels: float, missing_frames: int,
                  rng: np.random.Generator) -> np.ndarray:
  """True where observed, bool `shape` [N, T, H, W]: `missing_frames` whole frames hidden per
  sequence, and round(missing_pixels · H · W) pixels of every other frame."""
  num, num_frames, *frame_shape = shape
  pixels = int(np.prod(frame_shape))
  hidden_pixels = round(missing_pixels * pixels)
  observed = np.ones((num, num_frames, pixels), bool)
  for sequence in observed:  # One sequence at a time keeps the random keys small.
    pixel_order = rng.random((num_frames, pixels)).argsort(axis=-1)
    np.put_along_axis(sequence, pixel_order[:, :hidden_pixels], False, axis=-1)
    sequence[rng.permutation(num_frames)[:missing_frames]] = False
  return observed.reshape(shape)
