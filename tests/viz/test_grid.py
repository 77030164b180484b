"""Tests for genjax.viz.grid."""
import numpy as np
import pytest
from PIL import Image

from genjax.viz import image_grid, save_image_grid


@pytest.mark.parametrize(
    'n, ncols, padding, expected',
    [
        (7, None, 1, (3 * 8 + 4, 3 * 8 + 4, 1)),
        (16, None, 2, (4 * 8 + 5 * 2, 4 * 8 + 5 * 2, 1)),
        (64, None, 0, (64, 64, 1)),
        (7, 7, 1, (8 + 2, 7 * 8 + 8, 1)),
        (7, 2, 1, (4 * 8 + 5, 2 * 8 + 3, 1)),
    ],
)
def test_shape(n, ncols, padding, expected):
  grid = image_grid(np.zeros((n, 8, 8, 1)), (0.0, 1.0), ncols=ncols, padding=padding)
  assert grid.shape == expected and grid.dtype == np.uint8


def test_value_mapping_and_clipping():
  images = np.stack([np.full((2, 2, 3), v) for v in (-1.0, 1.0, -5.0, 7.0)])
  grid = image_grid(images, (-1.0, 1.0), ncols=4, padding=1)
  cells = [grid[1:3, 1 + 3 * i : 3 + 3 * i] for i in range(4)]
  assert [np.unique(c).tolist() for c in cells] == [[0], [255], [0], [255]]
  middle = image_grid(np.full((1, 1, 1, 1), 0.5), (0.0, 2.0), padding=0)
  assert middle.item() == round(0.25 * 255)


def test_padding_and_empty_cells_are_white():
  grid = image_grid(np.zeros((3, 2, 2, 1)), (0.0, 1.0), ncols=2, padding=1)
  assert grid[0].min() == 255 and grid[:, 0].min() == 255
  np.testing.assert_array_equal(grid[4:6, 4:6], 255)  # the missing fourth image.
  np.testing.assert_array_equal(grid[4:6, 1:3], 0)


@pytest.mark.parametrize(
    'images, value_range, ncols',
    [(np.zeros((4, 2, 2)), (0, 1), None), (np.zeros((2, 2, 2, 1)), (1, 1), None),
     (np.zeros((2, 2, 2, 1)), (0, 1), 0)],
)
def test_rejects_bad_input(images, value_range, ncols):
  with pytest.raises(ValueError):
    image_grid(images, value_range, ncols)


@pytest.mark.parametrize('channels, mode', [(1, 'L'), (3, 'RGB')])
def test_save_round_trips(tmp_path, channels, mode):
  images = np.random.default_rng(0).uniform(-1, 1, size=(7, 8, 8, channels))
  path = tmp_path / 'grid.png'
  save_image_grid(path, images, (-1.0, 1.0), upscale=3)
  grid = image_grid(images, (-1.0, 1.0))
  with Image.open(path) as picture:
    assert picture.format == 'PNG' and picture.mode == mode
    assert picture.size == (grid.shape[1] * 3, grid.shape[0] * 3)
    pixels = np.asarray(picture).reshape(grid.shape[0] * 3, grid.shape[1] * 3, channels)
  np.testing.assert_array_equal(pixels[::3, ::3], grid)
  assert [p.name for p in tmp_path.iterdir()] == ['grid.png']


def test_two_domain_pairs_are_saved_side_by_side(tmp_path):
  images = np.random.default_rng(0).uniform(-1, 1, size=(4, 8, 8, 2))
  save_image_grid(tmp_path / 'pairs.png', images, (-1.0, 1.0))
  side_by_side = np.concatenate([images[..., :1], images[..., 1:]], axis=2)
  with Image.open(tmp_path / 'pairs.png') as picture:
    assert picture.mode == 'L'
    np.testing.assert_array_equal(np.asarray(picture)[..., None], image_grid(side_by_side, (-1.0, 1.0)))
