"""`genjax restore`: the operators by hand, a planted latent recovered by latent optimization, and the command."""
import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from PIL import Image

from genjax.cli import main
from genjax.errors import GenjaxError
from genjax.tools.degradations import make_operator
from genjax.tools.restore import optimize_latents

LATENT, SHAPE = 4, (8, 8, 3)


def test_operators_by_hand():
  x = jnp.arange(2 * 4 * 4 * 3, dtype=jnp.float32).reshape(2, 4, 4, 3)
  inpaint = make_operator('inpaint', (4, 4, 3), None)
  np.testing.assert_array_equal(inpaint.mask[..., 0], [[1, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1], [1, 1, 1, 1]])
  y = inpaint.forward(x)
  assert y[0, 1, 1, 0] == 0 and y[0, 0, 0, 1] == x[0, 0, 0, 1]
  observed_mean = x[0][np.asarray(inpaint.mask[..., 0])].mean()
  np.testing.assert_allclose(inpaint.lift(y, 3)[0, 2, 2], observed_mean, rtol=1e-6)
  superres = make_operator('superres', (4, 4, 3), None, factor=2)
  low = superres.forward(x)
  assert low.shape == (2, 2, 2, 3)
  np.testing.assert_allclose(low[0, 0, 1, 2], np.mean([x[0, i, j, 2] for i in (0, 1) for j in (2, 3)]))
  np.testing.assert_array_equal(superres.lift(low, 3)[0, 1, 3], low[0, 0, 1])
  gray = make_operator('colorize', (4, 4, 3), None).forward(x)
  assert gray.shape == (2, 4, 4, 1)
  np.testing.assert_allclose(gray[1, 3, 2, 0], x[1, 3, 2].mean())
  random = make_operator('inpaint', (64, 64, 1), jax.random.key(0), mask='random', fraction=0.3)
  assert 0.25 < 1 - random.mask.mean() < 0.35


@pytest.mark.parametrize('task, options, message', [
    ('colorize', {}, 'one-channel'), ('superres', {'factor': 3}, 'divide'), ('deblur', {}, 'not one of'),
    ('inpaint', {'fraction': 1.0}, 'fraction')])
def test_bad_operators_are_refused(task, options, message):
  with pytest.raises(GenjaxError, match=message):
    make_operator(task, (8, 8, 1), jax.random.key(0), **options)


def _decode(weights, z):
  """A fixed random two-layer generator: z [N, 4] -> images [N, 8, 8, 3] in (-1, 1)."""
  return jnp.tanh(jnp.tanh(z @ weights[0]) @ weights[1]).reshape(-1, *SHAPE)


def _generator():
  k1, k2, k3 = jax.random.split(jax.random.key(0), 3)
  weights = (jax.random.normal(k1, (LATENT, 16)), jax.random.normal(k2, (16, 8 * 8 * 3)) / 4)
  return weights, jax.random.normal(k3, (3, LATENT))


@pytest.mark.parametrize('task', ['inpaint', 'superres', 'colorize'])
def test_a_planted_latent_is_recovered(task):
  weights, planted = _generator()
  truth = _decode(weights, planted)
  operator = make_operator(task, SHAPE, jax.random.key(1))
  starts = jax.random.normal(jax.random.key(2), (3, 4, LATENT))
  result = optimize_latents(_decode, weights, operator, operator.forward(truth), starts, steps=500,
                            prior_weight=0.0, learning_rate=0.1)
  assert (result['data_error'] < 1e-6).all()
  np.testing.assert_allclose(result['images'], truth, atol=0.01)  # The missing part is found too.
  assert float(jnp.mean(jnp.square(operator.lift(operator.forward(truth), 3) - truth))) > 0.01  # Not trivially.


def test_the_best_restart_is_kept():
  weights, planted = _generator()
  operator = make_operator('inpaint', SHAPE, None)
  y = operator.forward(_decode(weights, planted))
  # Adam moves each coordinate at most steps · learning_rate = 0.05: the far starts stay far.
  far = jnp.full((3, 3, LATENT), 5.0, jnp.float32)
  for best in (0, 3):
    starts = jnp.insert(far, best, planted, axis=1)  # Shapes and steps of the planted test: no recompile.
    result = optimize_latents(_decode, weights, operator, y, starts, steps=500, prior_weight=0.0,
                              learning_rate=1e-4)
    np.testing.assert_allclose(result['latents'], planted, atol=1e-3)
    assert (result['data_error'] < 1e-6).all()


def test_restore_writes_its_report_and_grid(digits_autoencoder, tmp_path, capsys):
  out = tmp_path / 'restored'
  assert main(['restore', '--workdir', digits_autoencoder, '--task', 'inpaint', '--out', str(out),
               '--num', '3', '--steps', '5', '--restarts', '2']) == 0
  assert {p.name for p in out.iterdir()} == {'restore.json', 'restore.png'}
  assert capsys.readouterr().out.count(str(out)) == 2
  report = json.loads((out / 'restore.json').read_text())
  assert report['num'] == 3 and report['mask'] == 'center'
  assert set(report['restored']) == {'image', 'observed', 'missing'}
  assert np.isfinite(report['restored']['missing']['psnr'])
  assert Image.open(out / 'restore.png').size[1] == (3 * 9 + 1) * 4  # Rows: truth, observation, restoration.


@pytest.mark.parametrize('args, message', [
    (['--task', 'colorize'], 'one-channel'), (['--task', 'denoise'], 'not one of'),
    (['--task', 'superres', '--factor', '3'], 'divide'), (['--task', 'inpaint', '--restarts', '0'], 'restarts')])
def test_restore_refusals_are_one_line(digits_autoencoder, tmp_path, capsys, args, message):
  assert main(['restore', '--workdir', digits_autoencoder, '--out', str(tmp_path / 'o'), *args]) == 2
  error = capsys.readouterr().err
  assert message in error and error.count('\n') == 1
  assert not (tmp_path / 'o').exists()
