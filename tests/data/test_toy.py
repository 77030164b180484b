"""Toy data: the published mixture recipes, labels, the swiss roll, determinism."""
import numpy as np
import pytest

from genjax.data import load_dataset, toy


def test_ring_and_grid_means_follow_the_recipe():
  ring, grid = toy.MIXTURES['ring8'], toy.MIXTURES['grid25']
  angles = 2 * np.pi * np.arange(8) / 8
  np.testing.assert_allclose(ring.means, np.stack([np.cos(angles), np.sin(angles)], 1), atol=1e-6)
  assert ring.sigma == 0.01
  ticks = [-4, -2, 0, 2, 4]
  assert sorted(map(tuple, grid.means.tolist())) == [(i, j) for i in ticks for j in ticks]
  assert grid.sigma == 0.05


@pytest.mark.parametrize('name, k', [('ring8', 8), ('grid25', 25)])
def test_mixture_sample_statistics(data_cfg, name, k):
  data = load_dataset(data_cfg(source=f'toy:{name}', toy_size=50_000))
  mixture = toy.MIXTURES[name]
  assert data.kind == 'points' and data.levels == 0 and data.num_classes == k
  assert data.train_x.shape == (50_000, 2) and data.test_x.shape == (toy.TEST_SIZE, 2)
  assert data.train_x.dtype == np.float32 and data.train_y.dtype == np.int32
  counts = np.bincount(data.train_y, minlength=k)
  assert len(counts) == k
  expected = 50_000 / k
  assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected))
  for c in range(k):
    points = data.train_x[data.train_y == c]
    stderr = mixture.sigma / np.sqrt(len(points))
    np.testing.assert_allclose(points.mean(0), mixture.means[c], atol=5 * stderr)
    np.testing.assert_allclose(points.std(0), mixture.sigma, rtol=0.1)
  low, high = data.value_range
  assert low == data.train_x.min() and high == data.train_x.max()


def test_test_set_is_independent_and_loads_are_deterministic(data_cfg):
  cfg = data_cfg(source='toy:ring8', toy_size=1000)
  first, second = load_dataset(cfg), load_dataset(cfg)
  np.testing.assert_array_equal(first.train_x, second.train_x)
  np.testing.assert_array_equal(first.test_x, second.test_x)
  assert not set(map(tuple, first.test_x.tolist())) & set(map(tuple, first.train_x.tolist()))


def test_swissroll_is_unlabelled_and_scaled(data_cfg):
  data = load_dataset(data_cfg(source='toy:swissroll', toy_size=20_000))
  assert data.train_y is None and data.test_y is None and data.num_classes == 0
  assert data.shape == (2,)
  assert np.all(np.abs(data.train_x) < 2.5) and np.abs(data.train_x).max() > 1.5
  # A roll, not a blob: points avoid the centre.
  assert np.mean(np.linalg.norm(data.train_x, axis=1) < 0.4) < 0.01
