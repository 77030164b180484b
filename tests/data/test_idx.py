"""IDX files: round trips, each malformed case, and the idx: source."""
import gzip
import pathlib

import numpy as np
import pytest

from genjax.data import idx, load_dataset
from genjax.errors import GenjaxError

RNG = np.random.default_rng(0)


def _write_mnist_like(
    folder: pathlib.Path, prefix: str, n: int, suffix: str = '.gz', n_labels: int | None = None):
  images = RNG.integers(0, 256, size=(n, 6, 5), dtype=np.uint8)
  labels = RNG.integers(0, 10, size=n_labels or n, dtype=np.uint8)
  idx.write_idx(folder / f'{prefix}-images-idx3-ubyte{suffix}', images)
  idx.write_idx(folder / f'{prefix}-labels-idx1-ubyte{suffix}', labels)
  return images, labels


@pytest.mark.parametrize('suffix', ['', '.gz'])
@pytest.mark.parametrize('dtype', [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
def test_round_trip(tmp_path, suffix, dtype):
  array = (RNG.standard_normal((3, 4, 2)) * 50).astype(dtype)
  path = tmp_path / f'a{suffix}'
  idx.write_idx(path, array)
  assert (path.read_bytes()[:2] == b'\x1f\x8b') == (suffix == '.gz')
  back = idx.read_idx(path, 3)
  assert back.dtype == array.dtype
  np.testing.assert_array_equal(back, array)


def test_mnist_header_layout(tmp_path):
  idx.write_idx(tmp_path / 'x', np.zeros((2, 28, 28), np.uint8))
  assert (tmp_path / 'x').read_bytes()[:16] == bytes.fromhex('00000803 00000002 0000001c 0000001c')


def _good_bytes() -> bytes:
  return bytes.fromhex('00000803 00000002 00000002 00000002') + bytes(8)


def test_the_unbroken_bytes_parse(tmp_path):
  (tmp_path / 'good').write_bytes(_good_bytes())
  assert idx.read_idx(tmp_path / 'good', 3).shape == (2, 2, 2)


@pytest.mark.parametrize('data, problem', [
    (b'\x1f\x00' + _good_bytes()[2:], 'bad magic'),
    (b'', 'bad magic'),
    (_good_bytes()[:2] + b'\x0a' + _good_bytes()[3:], 'dtype code'),
    (_good_bytes()[:3] + b'\x02' + _good_bytes()[4:], 'dimensions'),
    (_good_bytes()[:10], 'truncated header'),
    (_good_bytes()[:-1], 'payload of 7 bytes'),
    (_good_bytes() + b'\0', 'payload of 9 bytes'),
])
@pytest.mark.parametrize('gz', [False, True])
def test_malformed_files_name_the_file_and_problem(tmp_path, data, problem, gz):
  path = tmp_path / ('bad.gz' if gz else 'bad')
  path.write_bytes(gzip.compress(data) if gz else data)
  with pytest.raises(GenjaxError, match=problem) as info:
    idx.read_idx(path, 3)
  assert str(path) in str(info.value) and '\n' not in str(info.value)


@pytest.mark.parametrize('cut', [5, 20, -6])
def test_truncated_gzip(tmp_path, cut):
  path = tmp_path / 'train-images-idx3-ubyte.gz'
  idx.write_idx(path, np.zeros((10, 28, 28), np.uint8))
  path.write_bytes(path.read_bytes()[:cut])
  with pytest.raises(GenjaxError, match='gzip') as info:
    idx.read_idx(path, 3)
  assert str(path) in str(info.value) and '\n' not in str(info.value)


def test_source_with_train_and_test(tmp_path, data_cfg):
  train_x, train_y = _write_mnist_like(tmp_path, 'train', 30, '')
  test_x, test_y = _write_mnist_like(tmp_path, 't10k', 12)
  data = load_dataset(data_cfg(source=f'idx:{tmp_path}'))
  assert data.levels == 256 and data.num_classes == idx.DIGIT_CLASSES
  np.testing.assert_array_equal(data.train_x[..., 0], train_x / np.float32(255))
  np.testing.assert_array_equal(data.test_x[..., 0], test_x / np.float32(255))
  np.testing.assert_array_equal(data.train_y, train_y)
  np.testing.assert_array_equal(data.test_y, test_y)


def test_source_with_a_lone_test_prefix_split_is_split(tmp_path, data_cfg):
  images, labels = _write_mnist_like(tmp_path, 'test', 50)
  cfg = data_cfg(source=f'idx:{tmp_path}', test_fraction=0.2)
  data, again = load_dataset(cfg), load_dataset(cfg)
  assert len(data.train_x) == 40 and len(data.test_x) == 10
  np.testing.assert_array_equal(data.test_x, again.test_x)
  pooled = np.concatenate([data.train_x, data.test_x])[..., 0] * 255
  assert sorted(map(bytes, np.rint(pooled).astype(np.uint8))) == sorted(map(bytes, images))
  assert sorted(np.concatenate([data.train_y, data.test_y])) == sorted(labels)


def test_label_count_mismatch_names_the_labels_file(tmp_path, data_cfg):
  _write_mnist_like(tmp_path, 'train', 20, n_labels=19)
  with pytest.raises(GenjaxError, match='19 labels for the 20 images') as info:
    load_dataset(data_cfg(source=f'idx:{tmp_path}'))
  assert 'train-labels-idx1-ubyte.gz' in str(info.value)


def test_a_label_that_is_not_a_digit_is_refused(tmp_path, data_cfg):
  """One byte of the label file set to 200 must not make a 201-class data set."""
  _, labels = _write_mnist_like(tmp_path, 'train', 20, '')
  labels[7] = 200
  idx.write_idx(tmp_path / 'train-labels-idx1-ubyte', labels)
  with pytest.raises(GenjaxError, match='label 200 is outside the 10 classes of this source') as info:
    load_dataset(data_cfg(source=f'idx:{tmp_path}'))
  assert '\n' not in str(info.value)


def test_missing_directory_and_empty_directory(tmp_path, data_cfg):
  with pytest.raises(GenjaxError, match='no such directory'):
    load_dataset(data_cfg(source=f'idx:{tmp_path}/nope'))
  with pytest.raises(GenjaxError, match='t10k-images-idx3-ubyte'):
    load_dataset(data_cfg(source=f'idx:{tmp_path}'))
