"""Per-example geometry: centre crop, resize, pad, their order, the shape they give, and their refusals."""
import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from genjax.data import Geometry, load_dataset
from genjax.data.geometry import center_crop, pad, resize
from genjax.errors import GenjaxError

_SETTINGS = settings(max_examples=25, deadline=None)
_uint8_images = hnp.arrays(np.uint8, st.tuples(st.integers(1, 9), st.integers(1, 9), st.sampled_from([1, 3])))


@_SETTINGS
@given(_uint8_images, st.integers(1, 12))
def test_resize_keeps_quantization_and_bounds(x, side):
  y = resize(x, side)
  assert y.shape == (side, side, x.shape[2]) and y.dtype == np.uint8
  assert x.min() <= y.min() and y.max() <= x.max()


@_SETTINGS
@given(hnp.arrays(np.float32, (5, 7, 1), elements=st.floats(0, 1, width=32)), st.integers(1, 12))
def test_resize_of_float_images_stays_in_unit_range(x, side):
  y = resize(x, side)
  assert y.shape == (side, side, 1) and 0 <= y.min() and y.max() <= 1


def test_resize_is_pil_bilinear_channel_by_channel():
  from PIL import Image  # pylint: disable=import-outside-toplevel
  x = np.random.default_rng(0).integers(0, 256, (9, 7, 3), dtype=np.uint8)
  expected = np.stack([np.asarray(Image.fromarray(x[..., c].astype(np.float32)).resize((4, 4), Image.Resampling.BILINEAR))
                       for c in range(3)], axis=-1)
  np.testing.assert_array_equal(resize(x, 4), np.rint(expected).astype(np.uint8))
  np.testing.assert_array_equal(resize(np.full((8, 8, 1), 77, np.uint8), 5), 77)


@_SETTINGS
@given(_uint8_images, st.integers(0, 5), st.integers(0, 5))
def test_pad_centres_the_image_on_zeros(x, extra_h, extra_w):
  height, width = x.shape[:2]
  side = max(height + extra_h, width + extra_w)
  y = pad(x, side)
  top, left = (side - height) // 2, (side - width) // 2
  assert y.shape == (side, side, x.shape[2])
  np.testing.assert_array_equal(y[top:top + height, left:left + width], x)
  assert y.astype(int).sum() == x.astype(int).sum()
  assert abs((side - height - top) - top) <= 1 and abs((side - width - left) - left) <= 1


def test_center_crop_takes_the_middle_square():
  x = np.arange(6 * 9).reshape(6, 9, 1)
  np.testing.assert_array_equal(center_crop(x, 4)[..., 0], x[1:5, 2:6, 0])
  np.testing.assert_array_equal(center_crop(x, 6)[..., 0], x[:, 1:7, 0])  # odd margin: the extra column last


def test_geometry_crops_then_resizes_then_pads():
  x = np.random.default_rng(1).integers(0, 256, (218, 178, 3), dtype=np.uint8)
  geometry = Geometry(center_crop=178, resize=64, pad_to=70)
  np.testing.assert_array_equal(geometry.image(x), pad(resize(x[20:198], 64), 70))
  assert geometry.output_shape((218, 178, 3), 'faces') == (70, 70, 3)
  assert geometry.output_shape((None, None, 3), 'faces') == (70, 70, 3)
  example = geometry({'image': x, 'label': 4})
  assert example['label'] == 4 and example['image'].shape == (70, 70, 3)
  assert pickle.loads(pickle.dumps(geometry)) == geometry  # Grain's worker processes get copies.


@pytest.mark.parametrize('geometry, shape, problem', [
    (Geometry(), (None, None, 3), 'images of varying size; set data.center_crop or data.resize'),
    (Geometry(pad_to=4), (5, 3, 1), 'data.pad_to 4 is smaller than the 5x3 images'),
    (Geometry(center_crop=6), (5, 9, 1), 'data.center_crop 6 is larger than a 5x9 image'),
])
def test_output_shape_refuses_in_one_line(geometry, shape, problem):
  with pytest.raises(GenjaxError, match=problem) as info:
    geometry.output_shape(shape, 'a set')
  assert '\n' not in str(info.value)


def test_a_crop_larger_than_an_image_of_a_varying_set_is_refused_at_that_image():
  with pytest.raises(GenjaxError, match='data.center_crop 6 is larger than a 5x9 image'):
    Geometry(center_crop=6).image(np.zeros((5, 9, 3), np.uint8))


def test_loaded_center_crop_and_resize(data_cfg):
  whole = load_dataset(data_cfg(source='digits', range='unit'))
  cropped = load_dataset(data_cfg(source='digits', center_crop=4))
  assert cropped.shape == (4, 4, 1)
  np.testing.assert_array_equal(cropped.train_x, whole.train_x[:, 2:6, 2:6])
  assert load_dataset(data_cfg(source='digits', center_crop=6, resize=3)).shape == (3, 3, 1)
