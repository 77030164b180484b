"""Tests for genjax.viz.points."""
import numpy as np
import pytest
from PIL import Image

from genjax.viz import save_points_plot


@pytest.mark.parametrize('with_real', [True, False])
def test_writes_png(tmp_path, with_real):
  rng = np.random.default_rng(0)
  real = rng.normal(size=(500, 2)) if with_real else None
  path = tmp_path / 'points.png'
  save_points_plot(path, rng.normal(size=(300, 2)), real, title='ring', limits=(-3.0, 3.0))
  assert path.stat().st_size > 0
  with Image.open(path) as picture:
    assert picture.format == 'PNG' and picture.size == (500, 500)
  assert [p.name for p in tmp_path.iterdir()] == ['points.png']


def test_rejects_points_not_2d(tmp_path):
  with pytest.raises(ValueError, match=r'\[N, 2\]'):
    save_points_plot(tmp_path / 'points.png', np.zeros((10, 3)))
  assert not list(tmp_path.iterdir())
