"""InceptionV3 features of images for FID (Heusel et al. 2017) and IS (Salimans et al. 2016).

Weights are a local .npz converted as docs/inception.md says; images are resized as clean-fid
(Parmar et al. 2022) does, so FID values are comparable with clean-fid's, not with those of
implementations that resize without antialiasing (TTUR, pytorch-fid).
"""
import functools
import os
import zipfile
from collections.abc import Mapping

import jax
import jax.numpy as jnp
import numpy as np
from flax import traverse_util

from genjax.core.files import write_npz_atomic
from genjax.errors import GenjaxError
from genjax.nets.inception import InceptionV3

INPUT_SIZE = 299
MISSING_WEIGHTS = ('--inception_weights PATH is required for FID/IS on natural images: convert '
                   'the public weights as docs/inception.md says.')

Variables = dict[str, dict]


def check_images(shape: tuple[int, ...], value_range: tuple[float, float]) -> None:
  """Raises GenjaxError unless `shape` is [B >= 1, H, W, 1 or 3] and `value_range` is low < high."""
  if len(shape) != 4 or shape[0] < 1 or shape[-1] not in (1, 3):
    raise GenjaxError(f'Inception features need images [B >= 1, H, W, 1 or 3], got shape {shape}.')
  low, high = value_range
  if not high > low:
    raise GenjaxError(f'Expected value_range (low, high) with low < high, got {value_range}.')


def preprocess(images: jax.Array, value_range: tuple[float, float]) -> jax.Array:
  """Images [B, H, W, C in {1, 3}] in `value_range` -> InceptionV3 inputs [B, 299, 299, 3].

  As clean-fid (Parmar et al. 2022) for 8-bit images: values are mapped to 0..255 and rounded to
  the 256 levels a PNG holds (so that samples in memory and saved samples give the same FID),
  resized to 299x299 with antialiased bicubic interpolation (Keys a = -0.5, the kernel widened by
  the downscaling factor: PIL's `Image.BICUBIC` on float32 pixels, to within 0.01 of 255),
  clipped to 0..255, grayscale tiled to RGB, and scaled by the graph's own (x - 128) / 128.
  """
  check_images(images.shape, value_range)
  low, high = value_range
  images = jnp.asarray(images, jnp.float32)
  pixels = jnp.round(jnp.clip((images - low) / (high - low), 0.0, 1.0) * 255.0)
  size = (images.shape[0], INPUT_SIZE, INPUT_SIZE, images.shape[-1])
  pixels = jnp.clip(jax.image.resize(pixels, size, 'cubic', antialias=True), 0.0, 255.0)
  pixels = jnp.broadcast_to(pixels, (*size[:3], 3))
  return (pixels - 128.0) / 128.0


@functools.cache
def expected_shapes() -> dict[str, tuple[str, tuple[int, ...]]]:
  """Flattened variable name ('Mixed_5b/branch1x1/conv/kernel') -> (collection, shape)."""
  variables = jax.eval_shape(InceptionV3().init, jax.random.key(0),
                             jnp.zeros((1, INPUT_SIZE, INPUT_SIZE, 3)))
  return {name: (collection, tuple(leaf.shape))
          for collection, tree in variables.items()
          for name, leaf in traverse_util.flatten_dict(tree, sep='/').items()}


def save_inception_params(path: str | os.PathLike[str], variables: Mapping[str, Mapping]) -> None:
  """Writes `variables` as an .npz of float32 arrays named by their flattened paths, atomically."""
  arrays = {name: np.asarray(leaf, np.float32)
            for tree in variables.values()
            for name, leaf in traverse_util.flatten_dict(dict(tree), sep='/').items()}
  write_npz_atomic(path, arrays)


def load_inception_params(path: str | os.PathLike[str] | None) -> Variables:
  """Reads InceptionV3 variables from the .npz at `path`, checking every name and shape.

  Raises:
    GenjaxError: no path, an unreadable file, or names or shapes other than InceptionV3's; the
      message is one line and names the first offending entries.
  """
  if not path:
    raise GenjaxError(MISSING_WEIGHTS)
  try:
    with np.load(path, allow_pickle=False) as npz:
      arrays = {name: npz[name] for name in npz.files}
  except (OSError, ValueError, zipfile.BadZipFile) as e:
    raise GenjaxError(f'Cannot read Inception weights {str(path)!r}: {e}'.replace('\n', ' ')) from e
  expected = expected_shapes()
  problems = [f'missing {name}' for name in expected if name not in arrays]
  problems += [f'{name} has shape {arrays[name].shape}, expected {shape}'
               for name, (_, shape) in expected.items()
               if name in arrays and arrays[name].shape != shape]
  problems += [f'unexpected {name}' for name in arrays if name not in expected]
  if problems:
    more = f' (and {len(problems) - 3} more)' if len(problems) > 3 else ''
    raise GenjaxError(f'{str(path)!r} is not InceptionV3 weights as docs/inception.md makes them: '
                      f'{"; ".join(problems[:3])}{more}.')
  flat = {(collection, *name.split('/')): jnp.asarray(arrays[name], jnp.float32)
          for name, (collection, _) in expected.items()}
  return traverse_util.unflatten_dict(flat)


@functools.partial(jax.jit, static_argnames='value_range')
def _features(variables: Variables, images: jax.Array,
              value_range: tuple[float, float]) -> tuple[jax.Array, jax.Array]:
  pool3 = InceptionV3().apply(variables, preprocess(images, value_range))['pool3']
  return pool3, jax.nn.softmax(pool3 @ variables['params']['fc']['kernel'])


def extract_features(variables: Variables, images: np.ndarray, value_range: tuple[float, float],
                     batch_size: int = 50) -> tuple[np.ndarray, np.ndarray]:
  """(pool3 [N, 2048], probs [N, 1008]) of `images` [N >= 1, H, W, 1 or 3] in `value_range`.

  'pool3' are FID's features. 'probs' are IS's class probabilities as Salimans et al.'s code
  computes them: the softmax over all 1008 classes of pool3 times the head's weights, without
  the head's bias (torch-fidelity's 'logits_unbiased'). Batches of `batch_size` run jit-compiled;
  the last is padded to the same shape. Results do not depend on `batch_size`: the network runs in
  inference mode.
  """
  if batch_size < 1:
    raise GenjaxError(f'Inception batch_size must be >= 1, got {batch_size}.')
  images = np.asarray(images, np.float32)
  value_range = tuple(value_range)  # Hashable: a static argument of the jitted function.
  check_images(images.shape, value_range)
  pool3, probs = [], []
  for start in range(0, len(images), batch_size):
    batch = images[start:start + batch_size]
    padded = np.pad(batch, [(0, batch_size - len(batch))] + [(0, 0)] * 3)
    batch_pool3, batch_probs = jax.device_get(_features(variables, padded, value_range))
    pool3.append(batch_pool3[:len(batch)])
    probs.append(batch_probs[:len(batch)])
  return np.concatenate(pool3), np.concatenate(probs)


class InceptionFeatures:
  """`extract_features` with the weights at `path`."""

  def __init__(self, path: str | os.PathLike[str] | None, batch_size: int = 50):
    self.variables = load_inception_params(path)
    self.batch_size = batch_size
    self.name = f'inception:{path}'

  def check(self, spec) -> None:
    """Any image size and range can be fed: `preprocess` resizes and rescales."""
    check_images((1, *spec.shape), spec.value_range)

  def feature_dim(self, spec) -> int:
    """The length of a feature vector, 2048 (pool3) for images of any `spec`."""
    return self.variables['params']['fc']['kernel'].shape[0]

  def __call__(self, images: np.ndarray, value_range: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """(pool3 [N, 2048], probs [N, 1008]) of `images` [N >= 1, H, W, 1 or 3] in `value_range`."""
    return extract_features(self.variables, images, tuple(value_range), self.batch_size)
