"""Image preprocessing properties: decoding stored pixels to a range, and padding as a loaded data set shows it."""
import jax
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from genjax.data import images, load_dataset
from genjax.data.dataset import decode

_SETTINGS = settings(max_examples=25, deadline=None)
_uint8_images = hnp.arrays(
    np.uint8,
    st.tuples(st.integers(1, 3), st.integers(1, 9), st.integers(1, 9), st.sampled_from([1, 3])))


@_SETTINGS
@given(_uint8_images, st.sampled_from(sorted(images.RANGES)))
def test_decode_maps_levels_affinely_into_the_range_and_the_device_gives_the_same_floats(x, value_range):
  low, high = images.RANGES[value_range]
  y = decode(x, 'image', 256, (low, high))
  assert y.dtype == np.float32 and y.shape == x.shape
  assert low <= y.min() and y.max() <= high
  np.testing.assert_allclose((y - low) / (high - low) * 255, x, atol=1e-4)
  on_device = jax.jit(lambda raw: decode(raw, 'image', 256, (low, high)))(x)
  np.testing.assert_array_equal(np.asarray(on_device), y)  # bit for bit: the table, not a division


@pytest.mark.parametrize('value_range, low', [('unit', 0.0), ('signed', -1.0)])
def test_loaded_padding_is_the_low_end_of_the_range(data_cfg, value_range, low):
  data = load_dataset(data_cfg(source='digits', range=value_range, resize=10, pad_to=15))
  assert data.shape == (15, 15, 1)
  border = np.concatenate([data.train_x[:, :2].ravel(), data.train_x[:, -3:].ravel(),
                           data.train_x[:, :, :2].ravel(), data.train_x[:, :, -3:].ravel()])
  assert np.all(border == low)
  levels = (data.train_x - low) / (1 - low) * 16
  np.testing.assert_allclose(levels, np.rint(levels), atol=1e-5)
