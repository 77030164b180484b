"""Rotating-digit sequences with missing pixels and frames (genjax.data.sequences, 'sequences:digits')."""
import numpy as np
import pytest
from scipy import ndimage
from sklearn import datasets

from genjax.data import load_dataset, sequences
from genjax.data.dataset import Arrays, RawData
from genjax.data.preprocess import preprocess
from genjax.errors import GenjaxError


def digits(num: int) -> RawData:
  """The first `num` of scikit-learn's digits as a source returns them."""
  loaded = datasets.load_digits()
  return RawData(kind='image', train=Arrays(loaded.images[:num].astype(np.uint8), loaded.target[:num]),
                 levels=17)


def settings(**overrides):
  config = sequences.data_config()
  config.update(overrides)
  return config


def test_each_sequence_is_its_digit_turning_frame_by_frame():
  base = digits(12)
  built = sequences.build(base, settings(frames=4, degrees_per_frame=30.0), 'test')
  assert built.kind == 'sequence' and built.train.x.shape == (12, 4, 8, 8, 1)
  np.testing.assert_array_equal(built.train.y, base.train.y)
  for image, frames in zip(base.train.x.astype(np.float32), built.train.x[..., 0]):
    np.testing.assert_array_equal(frames[0], image)
    turned = [np.clip(np.rint([ndimage.rotate(image, sign * 30.0 * t, reshape=False, order=1)
                               for t in range(4)]), 0, 16) for sign in (-1, 1)]
    assert any(np.array_equal(frames, candidate) for candidate in turned)
    assert not np.array_equal(frames[1], frames[0])


def test_deterministic_per_seed():
  base = digits(20)
  first, again, other = (sequences.build(base, settings(seed=seed), 'test') for seed in (3, 3, 4))
  np.testing.assert_array_equal(first.train.x, again.train.x)
  np.testing.assert_array_equal(first.train.mask, again.train.mask)
  assert not np.array_equal(first.train.mask, other.train.mask)


@pytest.mark.parametrize('missing_pixels, missing_frames', [(0.3, 0), (0.5, 2), (0.0, 3)])
def test_missing_fraction_and_whole_missing_frames(missing_pixels, missing_frames):
  mask = sequences.build(digits(200), settings(missing_pixels=missing_pixels, missing_frames=missing_frames),
                         'test').train.mask[..., 0]
  frames_hidden = ~mask.any(axis=(2, 3))
  assert np.all(frames_hidden.sum(axis=1) == missing_frames)
  pixels_hidden = 1 - mask[~frames_hidden].mean(axis=(1, 2))
  np.testing.assert_allclose(pixels_hidden, round(missing_pixels * 64) / 64)
  expected = missing_frames / 10 + (1 - missing_frames / 10) * missing_pixels
  assert abs((1 - mask.mean()) - expected) < 0.01


def test_source_gives_masked_sequences_in_unit_range(data_cfg):
  data = load_dataset(data_cfg(source='sequences:digits', sequences=settings(frames=3, missing_frames=1)))
  assert data.kind == 'sequence' and data.shape == (3, 8, 8, 1)
  assert data.train_mask.shape == data.train_x.shape and data.train_mask.dtype == bool
  assert data.test_mask.shape == data.test_x.shape and len(data.test_x) == 180
  assert data.value_range == (0.0, 1.0) and 0.0 == data.train_x.min() < data.train_x.max() == 1.0


@pytest.mark.parametrize('overrides, message', [
    ({'frames': 1}, 'frames'), ({'missing_pixels': 1.0}, 'missing_pixels'),
    ({'missing_frames': 10}, 'missing_frames')])
def test_bad_settings(overrides, message):
  with pytest.raises(GenjaxError, match=message):
    sequences.build(digits(2), settings(**overrides), 'test')


def test_sequences_refuse_resizing(data_cfg):
  with pytest.raises(GenjaxError, match='not sequences'):
    preprocess('test', sequences.build(digits(20), settings(), 'test'), data_cfg(pad_to=16))
