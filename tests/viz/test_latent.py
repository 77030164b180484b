"""Latent-space pictures: interpolation paths, manifold latents, scatter PNGs."""
import numpy as np
import pytest
from PIL import Image

from genjax.viz.latent import interpolation_path, manifold_latents, save_latent_scatter


def test_paths_start_and_end_at_the_given_points():
  a, b = np.array([1.0, 0.0, 2.0]), np.array([-1.0, 3.0, 0.5])
  for kind in ('linear', 'spherical'):
    path = interpolation_path(a, b, 7, kind)
    assert path.shape == (7, 3)
    np.testing.assert_allclose(path[0], a, atol=1e-6)
    np.testing.assert_allclose(path[-1], b, atol=1e-6)
  np.testing.assert_allclose(interpolation_path(a, b, 3)[1], (a + b) / 2, atol=1e-6)


def test_slerp_keeps_the_norm_where_linear_shrinks_it():
  a, b = np.array([3.0, 0.0]), np.array([0.0, 3.0])
  np.testing.assert_allclose(np.linalg.norm(interpolation_path(a, b, 9, 'spherical'), axis=1), 3.0, rtol=1e-5)
  assert np.linalg.norm(interpolation_path(a, b, 9, 'linear')[4]) == pytest.approx(3 / np.sqrt(2), rel=1e-5)


def test_slerp_of_parallel_ends_is_the_linear_path():
  a = np.array([1.0, 2.0])
  np.testing.assert_allclose(interpolation_path(a, 2 * a, 5, 'spherical'), interpolation_path(a, 2 * a, 5), atol=1e-6)


@pytest.mark.parametrize('call', [lambda: interpolation_path(np.ones(2), np.ones(2), 1),
                                  lambda: interpolation_path(np.ones(2), np.ones(2), 3, 'cubic'),
                                  lambda: manifold_latents(1)])
def test_bad_arguments_are_refused(call):
  with pytest.raises(ValueError):
    call()


def test_manifold_latents_run_row_by_row_from_the_top():
  z = manifold_latents(5)
  assert z.shape == (25, 2)
  assert np.all(np.diff(z[:5, 0]) > 0) and np.allclose(z[:5, 1], z[0, 1])  # first row: z_1 rises
  assert z[0, 1] > z[-1, 1] and z[0, 1] == pytest.approx(1.6449, abs=1e-3)  # the 0.95 quantile on top
  np.testing.assert_allclose(manifold_latents(3, gaussian=False, span=1.0)[:3, 0], [-1, 0, 1])


def test_scatter_writes_one_or_two_panels(tmp_path):
  rng = np.random.default_rng(0)
  codes, labels = rng.normal(size=(50, 3)), rng.integers(0, 10, 50)
  save_latent_scatter(tmp_path / 'one.png', codes, labels)
  save_latent_scatter(tmp_path / 'two.png', codes, labels, prior=rng.normal(size=(40, 2)))
  one, two = Image.open(tmp_path / 'one.png').size, Image.open(tmp_path / 'two.png').size
  assert two[0] > 1.5 * one[0] and two[1] == one[1]
  with pytest.raises(ValueError, match='one label per code'):
    save_latent_scatter(tmp_path / 'bad.png', codes, labels[:10])
  assert not (tmp_path / 'bad.png').exists()
