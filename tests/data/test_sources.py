"""Named sources (digits, mnist), the registry and config validation."""
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from sklearn import datasets

from genjax.data import load_dataset, sources
from genjax.errors import GenjaxError

SHARED_DATA = pathlib.Path(__file__).resolve().parents[3] / 'shared' / 'data'


@pytest.mark.parametrize('value_range, low', [('unit', 0.0), ('signed', -1.0)])
def test_digits(data_cfg, value_range, low):
  data = load_dataset(data_cfg(source='digits', range=value_range))
  assert data.kind == 'image' and data.shape == (8, 8, 1) and data.levels == 17
  assert len(data.train_x) + len(data.test_x) == 1797 and len(data.test_x) == 180
  assert data.train_x.dtype == np.float32 and data.value_range == (low, 1.0)
  assert data.train_x.min() == low and data.train_x.max() == 1.0
  levels = (data.train_x - low) / (1.0 - low) * 16
  np.testing.assert_allclose(levels, np.rint(levels), atol=1e-5)
  assert len(np.unique(np.rint(levels))) == 17
  assert data.num_classes == 10 and set(np.unique(data.train_y)) == set(range(10))
  assert not data.train_x.flags.writeable


def test_digits_are_scikit_learns_without_importing_it(data_cfg):
  raw = sources._digits('', data_cfg(source='digits'))
  bundled = datasets.load_digits()
  np.testing.assert_array_equal(raw.train.x, bundled.images)
  np.testing.assert_array_equal(raw.train.y, bundled.target)
  assert raw.train.x.dtype == np.uint8 and raw.train.y.dtype == bundled.target.dtype
  loads = 'from genjax.data import sources; import sys; sources._digits("", None); print("sklearn" in sys.modules)'
  assert subprocess.run([sys.executable, '-c', loads], capture_output=True, text=True, check=True).stdout == 'False\n'


def test_digits_split_is_deterministic_and_ignores_the_seed(data_cfg):
  first, second = load_dataset(data_cfg(source='digits')), load_dataset(data_cfg(source='digits'))
  np.testing.assert_array_equal(first.test_x, second.test_x)
  np.testing.assert_array_equal(first.train_y, second.train_y)


@pytest.mark.skipif(not (SHARED_DATA / 'mnist').is_dir(), reason='no shared MNIST test set')
def test_mnist_from_genjax_data_dir(data_cfg, monkeypatch):
  monkeypatch.setenv('GENJAX_DATA_DIR', str(SHARED_DATA))
  data = load_dataset(data_cfg(source='mnist', pad_to=32))
  assert data.train_x.shape == (9000, 32, 32, 1) and data.test_x.shape == (1000, 32, 32, 1)
  assert data.levels == 256 and data.num_classes == 10
  assert set(np.unique(data.train_y)) == set(np.unique(data.test_y)) == set(range(10))
  assert data.train_x[:, :2].max() == 0.0 and 0.0 <= data.train_x.min() < data.train_x.max() == 1.0


@pytest.mark.parametrize('genjax_data_dir', [None, 'no_mnist_here'])
def test_mnist_with_neither_way_names_both(data_cfg, monkeypatch, tmp_path, genjax_data_dir):
  if genjax_data_dir:
    monkeypatch.setenv('GENJAX_DATA_DIR', str(tmp_path / genjax_data_dir))
  with pytest.raises(GenjaxError) as info:
    load_dataset(data_cfg(source='mnist'))
  message = str(info.value)
  assert 'GENJAX_DATA_DIR' in message and 'manual_dir' in message and '\n' not in message


@pytest.mark.parametrize('source', ['', 'cifar', 'toy:ring9', 'idx:', 'digits:extra', 'npz'])
def test_unknown_sources_list_the_known_ones(data_cfg, source):
  with pytest.raises(GenjaxError, match='toy:ring8') as info:
    load_dataset(data_cfg(source=source))
  assert '\n' not in str(info.value)


@pytest.mark.parametrize('overrides, problem', [
    ({'range': 'zero_one'}, 'data.range'),
    ({'resize': -1}, 'data.resize'),
    ({'pad_to': -4}, 'data.pad_to'),
    ({'center_crop': 5000}, 'data.center_crop must be in'),
    ({'center_crop': 9}, 'data.center_crop 9 is larger than a 8x8 image'),
    ({'test_fraction': 0.0}, 'test_fraction'),
    ({'test_fraction': 1.0}, 'test_fraction'),
    ({'toy_size': 0}, 'toy_size'),
    ({'binarize': True, 'range': 'signed'}, 'binarize'),
    ({'binarize': True, 'dequantize': True}, 'both'),
    ({'source': 'toy:ring8', 'dequantize': True}, 'integer pixels'),
    ({'source': 'toy:ring8', 'binarize': True}, 'needs images'),
    ({'pad_to': 6}, 'smaller than the 8x8'),
    ({'test_fraction': 0.0001}, 'cannot hold out'),
])
def test_bad_config_values(data_cfg, overrides, problem):
  with pytest.raises(GenjaxError, match=problem) as info:
    load_dataset(data_cfg(**{'source': 'digits', **overrides}))
  assert '\n' not in str(info.value)
