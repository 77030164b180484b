"""Per-batch transforms: dynamic binarization, uniform dequantization, identity."""
import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.data import batch_transform
from genjax.data.transforms import random_flip
from genjax.errors import GenjaxError


def _jitted(cfg, levels, value_range):
  return jax.jit(functools.partial(
      batch_transform, data_cfg=cfg, dataset_levels=levels, value_range=value_range))


def test_binarize_is_bernoulli_of_the_pixels(data_cfg):
  x = jnp.asarray(np.random.default_rng(0).random((64, 8, 8, 1)), jnp.float32)
  transform = _jitted(data_cfg(binarize=True), 256, (0.0, 1.0))
  b = transform(x, jax.random.key(0))
  assert b.shape == x.shape and b.dtype == x.dtype
  assert set(np.unique(b).tolist()) <= {0.0, 1.0}
  assert abs(float(b.mean()) - float(x.mean())) < 0.02
  assert not np.array_equal(b, transform(x, jax.random.key(1)))
  np.testing.assert_array_equal(transform(jnp.round(x), jax.random.key(2)), jnp.round(x))


@pytest.mark.parametrize('value_range', [(0.0, 1.0), (-1.0, 1.0)])
@pytest.mark.parametrize('levels', [17, 256])
def test_dequantize_stays_within_one_level(data_cfg, value_range, levels):
  low, high = value_range
  v = np.random.default_rng(1).integers(0, levels, (32, 6, 6, 3))
  x = jnp.asarray(low + (high - low) * v / (levels - 1), jnp.float32)
  transform = _jitted(data_cfg(dequantize=True), levels, value_range)
  d = np.asarray(transform(x, jax.random.key(0)))
  assert d.dtype == np.float32 and low <= d.min() and d.max() <= high
  unit = (d - low) / (high - low) * levels  # in [v, v + 1)
  assert np.all(unit >= v - 1e-4) and np.all(unit <= v + 1 + 1e-4)
  np.testing.assert_array_equal(np.clip(np.floor(unit + 1e-6), 0, levels - 1), v)
  assert 0.45 < np.mean(unit - v) < 0.55  # u ~ U[0, 1)


def test_identity_when_both_off(data_cfg):
  x = jnp.linspace(0, 1, 10)
  assert batch_transform(x, jax.random.key(0), data_cfg(), 256, (0.0, 1.0)) is x


@pytest.mark.parametrize('overrides, levels, problem', [
    ({'binarize': True, 'dequantize': True}, 256, 'both'),
    ({'binarize': True, 'range': 'signed'}, 256, 'unit'),
    ({'dequantize': True}, 0, 'integer pixels'),
])
def test_invalid_combinations(data_cfg, overrides, levels, problem):
  with pytest.raises(GenjaxError, match=problem):
    batch_transform(jnp.zeros(3), jax.random.key(0), data_cfg(**overrides), levels, (0.0, 1.0))


def test_random_flip_mirrors_exactly_the_width_axis_of_about_half_the_images():
  x = jnp.asarray(np.random.default_rng(2).random((2, 200, 5, 7, 3)), jnp.float32)  # [n, B, H, W, C]
  flipped = np.asarray(jax.jit(random_flip)(x, jax.random.key(0)))
  mirrored = np.all(flipped == np.asarray(x)[..., ::-1, :], axis=(2, 3, 4))
  kept = np.all(flipped == np.asarray(x), axis=(2, 3, 4))
  assert np.all(mirrored ^ kept)  # each image is itself or its left-right mirror, never anything else
  assert 0.4 < mirrored.mean() < 0.6 and 0 < mirrored[0].sum() and 0 < mirrored[1].sum()
  np.testing.assert_array_equal(flipped, np.asarray(random_flip(x, jax.random.key(0))))  # same key, same flips
  assert not np.array_equal(flipped, np.asarray(random_flip(x, jax.random.key(1))))


def test_random_flip_in_the_batch_transform_comes_before_binarize_and_is_off_for_evaluation(data_cfg):
  x = jnp.asarray(np.random.default_rng(3).random((64, 4, 6, 1)).round(), jnp.float32)  # binarize keeps 0/1 pixels
  transform = _jitted(data_cfg(binarize=True, random_flip=True), 256, (0.0, 1.0))
  out = np.asarray(transform(x, jax.random.key(5)))
  flips = np.all(out == np.asarray(x)[:, :, ::-1], axis=(1, 2, 3)) & ~np.all(out == np.asarray(x), axis=(1, 2, 3))
  assert np.all(np.all(out == np.asarray(x), axis=(1, 2, 3)) | flips) and flips.any()
  assert batch_transform(x, jax.random.key(5), data_cfg(random_flip=True), 256, (0.0, 1.0), augment=False) is x
  off = _jitted(data_cfg(binarize=True), 256, (0.0, 1.0))
  soft = jnp.full((8, 4, 6, 1), 0.5, jnp.float32)
  np.testing.assert_array_equal(off(soft, jax.random.key(7)),  # without the flip, binarize draws from the key itself
                                jax.random.bernoulli(jax.random.key(7), soft).astype(jnp.float32))


def test_random_flip_needs_images(data_cfg):
  from genjax.data import load_dataset  # pylint: disable=import-outside-toplevel
  with pytest.raises(GenjaxError, match='data.random_flip needs images'):
    load_dataset(data_cfg(source='toy:ring8', toy_size=100, random_flip=True))
