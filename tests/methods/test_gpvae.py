"""GP-VAE: masked likelihood, temporal encoder, GP samples, training and imputation metrics."""
import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import optimizer_config
from genjax.core.state import TrainState, jit_init
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.gpvae import GPVAE, missing_pixel_mse, model_config

SPEC = DataSpec(kind='sequence', shape=(5, 8, 8, 1), value_range=(0.0, 1.0), num_classes=0, levels=17)


def make_gpvae(spec: DataSpec = SPEC, **model_overrides) -> GPVAE:
  model = model_config()
  model.update(dict(hidden=(16,), features=(4, 8), latent_dim=3, temporal_features=8, **model_overrides))
  return GPVAE(model, ml_collections.ConfigDict({'gpvae': optimizer_config()}), spec)


def make_batch(seed: int, num: int = 3) -> dict:
  rng = np.random.default_rng(seed)
  return {'x': rng.uniform(size=(num, *SPEC.shape)).astype(np.float32),
          'mask': rng.uniform(size=(num, *SPEC.shape)) < 0.6}


@pytest.fixture(scope='module')
def state() -> TrainState:
  """A fresh state of `make_gpvae()`; the likelihood, kernel and beta leave its shapes unchanged."""
  return jit_init(make_gpvae().init)(jax.random.key(1), SPEC.example_batch(2))


def test_missing_values_change_nothing(state):
  gpvae, batch = make_gpvae(), make_batch(0)
  terms = jax.jit(lambda batch: gpvae.terms(state.players['gpvae'].params, batch, jax.random.key(2)))
  scrambled = dict(batch, x=np.where(batch['mask'], batch['x'], 1.0 - batch['x']))
  chex.assert_trees_all_close(terms(batch), terms(scrambled))
  assert not np.allclose(terms(dict(batch, mask=np.ones_like(batch['mask'])))['loss'], terms(batch)['loss'])


def test_gaussian_likelihood_counts_observed_values_only():
  gpvae = make_gpvae(likelihood='gaussian', recon_weight=2.0)  # σ² = 1/(2C) = 1/4.
  output, x = np.zeros((2, 3), np.float32), np.array([[1.0, 2.0, 3.0], [0.5, 0.0, 1.0]], np.float32)
  mask = np.array([[True, False, True], [False, False, False]])
  log_density = -2.0 * x**2 + 0.5 * np.log(4 / (2 * np.pi))
  np.testing.assert_allclose(jax.jit(gpvae.masked_log_likelihood)(output, x, mask),
                             [log_density[0, 0] + log_density[0, 2], 0.0], rtol=1e-5)


def test_terms_match_a_hand_computation(state):
  gpvae, batch, key = make_gpvae(beta=0.5), make_batch(3), jax.random.key(5)
  params = state.players['gpvae'].params

  @jax.jit
  def posterior_and_decoded():
    mean, logvar = gpvae.posterior(params, batch)
    z = mean + jnp.exp(0.5 * logvar) * jax.random.normal(key, mean.shape)
    return mean, logvar, gpvae.decode_mean(params, z)

  mean, logvar, p = (np.asarray(a, np.float64) for a in posterior_and_decoded())
  x, mask = batch['x'].astype(np.float64), batch['mask']
  log_lik = np.sum(np.where(mask, x * np.log(p) + (1 - x) * np.log1p(-p), 0.0), axis=(1, 2, 3, 4))
  lags = np.subtract.outer(np.arange(5), np.arange(5))
  cov = 1 / (1 + (lags / 2.0)**2) + 1e-4 * np.eye(5)  # The default Cauchy kernel, length scale 2.
  precision = np.linalg.inv(cov)
  mu, var = mean.swapaxes(1, 2), np.exp(logvar.swapaxes(1, 2))  # [B, latent, T]
  kl = 0.5 * np.sum(var @ np.diag(precision) + np.einsum('bds,st,bdt->bd', mu, precision, mu) - 5
                    + np.linalg.slogdet(cov)[1] - np.log(var).sum(-1), axis=1)
  expected = {'loss': -log_lik + 0.5 * kl, 'elbo': log_lik - kl, 'recon': -log_lik, 'kl': kl}
  chex.assert_trees_all_close(jax.jit(gpvae.terms)(params, batch, key), expected, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize('window, affected', [(1, [True, False, False]), (3, [True, True, False])])
def test_window_sets_which_frames_each_posterior_sees(window, affected):
  gpvae, batch = make_gpvae(window=window), make_batch(6, num=1)
  changed = dict(batch, x=np.concatenate([1.0 - batch['x'][:, :1], batch['x'][:, 1:]], axis=1))

  @jax.jit
  def posterior_means():
    params = gpvae.init(jax.random.key(7), batch).players['gpvae'].params
    return gpvae.posterior(params, batch)[0], gpvae.posterior(params, changed)[0]

  before, after = posterior_means()
  assert [not np.allclose(before[:, t], after[:, t]) for t in range(3)] == affected


def test_gp_samples_move_smoothly_where_white_noise_jumps(state):
  def frame_steps(kernel: str) -> float:
    gpvae = make_gpvae(kernel=kernel, length_scale=20.0)
    samples = np.asarray(jax.jit(gpvae.sample, static_argnums=2)(state, jax.random.key(9), 64))
    assert samples.shape == (64, *SPEC.shape) and np.all((samples >= 0) & (samples <= 1))
    return np.abs(np.diff(samples, axis=1)).mean()
  assert frame_steps('rbf') < 0.2 * frame_steps('white')


def test_train_steps_give_finite_metrics_and_imputations(state):
  gpvae, batch = make_gpvae(), make_batch(10, num=4)
  step = jax.jit(gpvae.train_step)
  for i in range(3):
    before = state.players['gpvae'].params
    state, metrics = step(state, batch, jax.random.key(i))
  assert set(metrics) == {'loss', 'elbo', 'recon', 'kl', 'imputation_mse'}
  assert all(np.isfinite(value) for value in metrics.values())
  imputed = jax.jit(gpvae.impute)(before, batch)
  chex.assert_shape(imputed, batch['x'].shape)
  np.testing.assert_allclose(metrics['imputation_mse'], missing_pixel_mse(imputed, batch['x'], batch['mask']),
                             rtol=1e-5)


def test_conv_nets_trace_a_train_step():
  gpvae, batch = make_gpvae(encoder='conv', decoder='conv'), make_batch(12, num=2)
  state = jax.eval_shape(gpvae.init, jax.random.key(0), batch)
  new_state, metrics = jax.eval_shape(gpvae.train_step, state, batch, jax.random.key(1))
  chex.assert_trees_all_equal_shapes_and_dtypes(new_state, state)
  assert all(value.shape == () for value in metrics.values())


def test_missing_pixel_mse_counts_missing_pixels_only():
  x = np.array([[0.0, 1.0, 0.5, 0.2]])
  frames = np.array([[1.0, 1.0, 0.0, 0.2]])
  mask = np.array([[True, False, False, False]])
  np.testing.assert_allclose(missing_pixel_mse(frames, x, mask), 0.25 / 3)


@pytest.mark.parametrize('spec, overrides, message', [
    (DataSpec('image', (8, 8, 1), (0.0, 1.0), 0, 17), {}, 'sequence data'),
    (SPEC, {'window': 2}, 'window'),
    (SPEC, {'kernel': 'matern'}, "kernel 'matern'"),
    (SPEC, {'length_scale': 0.0}, 'length_scale'),
    (DataSpec('sequence', (5, 8, 8, 1), (-1.0, 1.0), 0, 17), {}, "range 'unit'"),
])
def test_bad_settings(spec, overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_gpvae(spec, **overrides)
