"""Tests for genjax.viz.gan_lab and genjax.viz.frames."""
import numpy as np
import pytest
from matplotlib import colormaps
from PIL import Image

from genjax.viz import (assemble_gif, draw_gan_lab_frame, field_grid, field_image, save_frame,
                        save_gif)
from genjax.viz.gan_lab import CMAP

LIMITS = (-2.0, 2.0)
GRID = field_grid(LIMITS, 8)


def _frame(n=50, **changes):
  rng = np.random.default_rng(0)
  fake = rng.normal(size=(n, 2)) * 0.3
  args = dict(real=rng.normal(size=(n, 2)) * 0.3, fake=fake, grid_points=GRID,
              d_values=np.full(len(GRID), 0.5), fake_gradients=-fake, limits=LIMITS)
  return draw_gan_lab_frame(**{**args, **changes})


def _matches(pixels, d):
  """Where `pixels` has the colour of D(x) = d, within 2 levels."""
  colour = np.rint(np.array(colormaps[CMAP](d)[:3]) * 255)
  return np.all(np.abs(pixels.astype(int) - colour) <= 2, axis=-1)


def test_field_grid_order_and_count():
  grid = field_grid((0.0, 4.0), 4)
  assert grid.shape == (16, 2) and grid.dtype == np.float32
  centres = [0.5, 1.5, 2.5, 3.5]
  np.testing.assert_allclose(grid[:4], [[x, 0.5] for x in centres])  # the bottom row, x rising.
  np.testing.assert_allclose(grid[::4, 1], centres)
  image = field_image(grid, 4)
  np.testing.assert_allclose(image[1, 2], [2.5, 1.5])  # [row y, column x].


def test_frame_size_and_not_blank():
  pixels = _frame(title='step 7')
  assert pixels.shape == (500, 600, 3) and pixels.dtype == np.uint8
  assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50


@pytest.mark.parametrize('d', [0.0, 1.0])
def test_background_is_the_colormap_of_d(d):
  pixels = _frame(d_values=np.full(64, d))
  assert _matches(pixels, d).mean() > 0.3
  assert _matches(pixels, 1.0 - d).mean() < 0.01


@pytest.mark.parametrize('axis, image_axis, sign', [(0, 1, 1), (1, 0, -1)])
def test_background_orientation(axis, image_axis, sign):
  """D = 1 where x > 0 (or y > 0) is green on the right (or at the top) of the picture."""
  pixels = _frame(n=0, d_values=(GRID[:, axis] > 0).astype(np.float32))
  green = np.nonzero(_matches(pixels, 1.0))[image_axis].mean()
  purple = np.nonzero(_matches(pixels, 0.0))[image_axis].mean()
  assert sign * (green - purple) > 100


@pytest.mark.parametrize(
    'changes, match',
    [
        (dict(fake=np.zeros((50, 3))), r'fake \[N, 2\]'),
        (dict(real=np.zeros(50)), r'real \[N, 2\]'),
        (dict(fake_gradients=np.zeros((49, 2))), 'fake_gradients'),
        (dict(d_values=np.full(63, 0.5)), 'd_values'),
        (dict(d_values=np.full(64, 1.5)), r'\[0, 1\]'),
        (dict(d_values=np.full(64, np.nan)), r'\[0, 1\]'),
        (dict(grid_points=GRID[:63]), 'grid_points'),
        (dict(grid_points=GRID + 0.1), 'field_grid'),
    ],
)
def test_rejects_bad_input(changes, match):
  with pytest.raises(ValueError, match=match):
    _frame(**changes)


def _solid(value, shape=(6, 8)):
  return np.full((*shape, 3), value, np.uint8)


def test_save_gif_round_trips(tmp_path):
  path = tmp_path / 'lab.gif'
  save_gif(path, [_solid(v) for v in (0, 100, 200)], duration_ms=50)
  with Image.open(path) as gif:
    assert gif.format == 'GIF' and gif.n_frames == 3 and gif.size == (8, 6)
  assert [p.name for p in tmp_path.iterdir()] == ['lab.gif']


@pytest.mark.parametrize('frames', [[], [_solid(0), _solid(0, (6, 9))], [np.zeros((6, 8, 3))]])
def test_save_gif_rejects_bad_frames_and_writes_nothing(tmp_path, frames):
  with pytest.raises(ValueError):
    save_gif(tmp_path / 'lab.gif', frames)
  assert not list(tmp_path.iterdir())


def test_save_gif_failing_midway_leaves_no_partial_file(tmp_path, monkeypatch):
  path = tmp_path / 'lab.gif'
  path.write_bytes(b'old')

  def broken_save(self, fp, *args, **kwargs):
    with open(fp, 'wb') as f:
      f.write(b'GIF89a')
    raise OSError('disk full')

  monkeypatch.setattr(Image.Image, 'save', broken_save)
  with pytest.raises(OSError, match='disk full'):
    save_gif(path, [_solid(0), _solid(255)])
  assert [p.name for p in tmp_path.iterdir()] == ['lab.gif'] and path.read_bytes() == b'old'


def test_assemble_gif_orders_frames_by_step(tmp_path):
  frames = tmp_path / 'frames'
  for step, value in [(10, 100), (2, 0), (100, 200)]:
    assert save_frame(frames, step, _solid(value)).name == f'step_{step:08d}.png'
  out = tmp_path / 'lab.gif'
  assert assemble_gif(frames, out) == 3
  with Image.open(out) as gif:
    shown = []
    for i in range(gif.n_frames):
      gif.seek(i)
      shown.append(int(np.asarray(gif.convert('RGB'))[0, 0, 0]))
  assert shown == [0, 100, 200]


def test_assemble_gif_rejects_empty_directory(tmp_path):
  with pytest.raises(ValueError, match='step_'):
    assemble_gif(tmp_path, tmp_path / 'lab.gif')
  assert not list(tmp_path.iterdir())
