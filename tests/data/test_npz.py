"""The npz: source: a user's own images or points, and each bad input."""
import numpy as np
import pytest

from genjax.data import load_dataset
from genjax.errors import GenjaxError

RNG = np.random.default_rng(0)


def _save(tmp_path, **arrays) -> str:
  path = tmp_path / 'data.npz'
  np.savez(path, **arrays)
  return f'npz:{path}'


@pytest.mark.parametrize('shape', [(20, 5, 6), (20, 5, 6, 1), (20, 5, 6, 3)])
def test_uint8_images_with_labels(tmp_path, data_cfg, shape):
  x = RNG.integers(0, 256, shape, dtype=np.uint8)
  y = RNG.integers(0, 4, 20)
  data = load_dataset(data_cfg(source=_save(tmp_path, x=x, y=y), test_fraction=0.25))
  assert data.kind == 'image' and data.shape == (5, 6, shape[3] if len(shape) == 4 else 1)
  assert len(data.train_x) == 15 and len(data.test_x) == 5 and data.levels == 256
  assert data.num_classes == y.max() + 1 and data.train_y.dtype == np.int32


def test_float_images_are_continuous(tmp_path, data_cfg):
  x = RNG.random((10, 4, 4, 3)).astype(np.float32)
  data = load_dataset(data_cfg(source=_save(tmp_path, x=x), range='signed'))
  assert data.levels == 0 and data.train_y is None and data.num_classes == 0
  pooled = np.sort(np.concatenate([data.train_x, data.test_x]).ravel())
  np.testing.assert_allclose(pooled, np.sort(x.ravel() * 2 - 1), atol=1e-6)


def test_points(tmp_path, data_cfg):
  x = RNG.standard_normal((50, 3)) * 4
  data = load_dataset(data_cfg(source=_save(tmp_path, x=x)))
  assert data.kind == 'points' and data.shape == (3,) and data.levels == 0
  assert data.value_range == (data.train_x.min(), data.train_x.max())


@pytest.mark.parametrize('arrays, problem', [
    ({'x': np.full((10, 4, 4), np.nan)}, 'NaN'),
    ({'x': np.array([[0.0, np.inf], [1.0, 2.0]] * 5)}, 'finite'),
    ({'x': np.zeros((10,))}, 'shape'),
    ({'x': np.zeros((10, 4, 4, 2))}, 'C in'),
    ({'x': np.zeros((10, 4, 4, 1, 1))}, 'shape'),
    ({'x': np.full((10, 4, 4), 1.5)}, 'for float images'),
    ({'x': np.full((10, 4, 4), 300)}, r'\[0, 255\]'),
    ({'x': np.zeros((10, 4, 4)), 'y': np.zeros(9, int)}, 'labels of shape'),
    ({'x': np.zeros((10, 4, 4)), 'y': np.zeros((10, 2), int)}, 'labels of shape'),
    ({'x': np.zeros((10, 4, 4)), 'y': np.zeros(10)}, 'expected integers'),
    ({'x': np.zeros((10, 4, 4)), 'y': -np.ones(10, int)}, 'negative label -1'),
    # No wrap-around when labels are cast to int32, and no class count sized by a stray label.
    ({'x': np.zeros((10, 4, 4)), 'y': np.full(10, 2**32 + 3)}, 'label 4294967299 is outside the 10,000'),
    ({'x': np.zeros((10, 4, 4)), 'y': np.full(10, 2**31)}, 'label 2147483648 is outside'),
    ({'x': np.zeros((10, 4, 4)), 'y': np.full(10, 1_000_000_000)}, 'label 1000000000 is outside'),
    ({'images': np.zeros((10, 4, 4))}, 'expected x'),
    ({'x': np.zeros((10, 2)), 'x_test': np.zeros((10, 2))}, 'expected x'),
    ({'x': np.array(['a'] * 10).reshape(5, 2)}, 'finite numbers'),
])
def test_bad_inputs(tmp_path, data_cfg, arrays, problem):
  with pytest.raises(GenjaxError, match=problem) as info:
    load_dataset(data_cfg(source=_save(tmp_path, **arrays)))
  assert str(tmp_path / 'data.npz') in str(info.value) and '\n' not in str(info.value)


def test_labels_up_to_the_inferred_bound_are_classes(tmp_path, data_cfg):
  y = np.arange(10) % 2
  y[0] = 9_999
  data = load_dataset(data_cfg(source=_save(tmp_path, x=np.zeros((10, 4, 4)), y=y)))
  assert data.num_classes == 10_000


def test_bad_files(tmp_path, data_cfg):
  with pytest.raises(GenjaxError, match='no such file'):
    load_dataset(data_cfg(source=f'npz:{tmp_path}/missing.npz'))
  (tmp_path / 'junk.npz').write_bytes(b'not a zip file')
  with pytest.raises(GenjaxError, match='not a readable'):
    load_dataset(data_cfg(source=f'npz:{tmp_path}/junk.npz'))
  np.save(tmp_path / 'single.npy', np.zeros((4, 2)))
  with pytest.raises(GenjaxError, match='single .npy'):
    load_dataset(data_cfg(source=f'npz:{tmp_path}/single.npy'))
  np.savez(tmp_path / 'objects.npz', x=np.array([{'a': 1}] * 4, dtype=object))
  with pytest.raises(GenjaxError, match='pickle'):
    load_dataset(data_cfg(source=f'npz:{tmp_path}/objects.npz'))
