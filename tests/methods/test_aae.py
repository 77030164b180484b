"""The adversarial autoencoder: each phase updates only its own players, the priors, refused settings."""
import functools

import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import base_config
from genjax.config import optimizer_config
from genjax.core.state import jit_init
from genjax.data.labelled import LabelledExamples
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.aae import AAE, model_config
from genjax.methods.aae_priors import make_prior

SPEC = DataSpec(kind='image', shape=(8, 8, 1), value_range=(0.0, 1.0), num_classes=10, levels=17)


def make_aae(spec: DataSpec = SPEC, optim_names=('autoencoder', 'discriminator', 'generator', 'classifier'),
             **overrides) -> AAE:
  model = model_config()
  model.update(dict(hidden=(16,), d_hidden=(16,), **overrides))
  optim = ml_collections.ConfigDict({name: optimizer_config() for name in optim_names})
  aae = AAE(model, optim, spec)
  if aae.wants_labelled:  # A stand-in for the labelled examples the trainer hands over.
    aae.labelled = LabelledExamples(x=np.random.default_rng(0).uniform(size=(20, 8, 8, 1)).astype(np.float32),
                                    y=np.arange(20, dtype=np.int32) % 10, data_cfg=base_config().data,
                                    levels=spec.levels, value_range=spec.value_range)
  return aae


def make_batch(num: int = 8) -> dict:
  x = jax.random.uniform(jax.random.key(0), (num, *SPEC.shape))
  return {'x': x, 'y': jnp.arange(num, dtype=jnp.int32) % 10}


def changed(before, after) -> set[str]:
  """The parts of the state an update touched: 'player/params/net', 'autoencoder/opt_state/phase'
  or 'discriminator/opt_state'."""
  parts = set()
  leaves = zip(jax.tree_util.tree_leaves_with_path(before.players), jax.tree.leaves(after.players))
  for (path, old), new in leaves:
    if not np.array_equal(old, new):
      keys = [str(getattr(key, 'key', getattr(key, 'name', key))) for key in path]
      parts.add('/'.join(keys[:2] if keys[:2] == ['discriminator', 'opt_state'] else keys[:3]))
  return parts


@pytest.fixture(scope='module')
def categorical() -> tuple[AAE, object]:
  """The semi-supervised AAE (all four phases, two discriminators) and a fresh state."""
  aae = make_aae(conditioning='categorical', latent_dim=3)
  return aae, jit_init(aae.init)(jax.random.key(1), make_batch())


def test_each_phase_updates_only_its_own_players(categorical):
  aae, state = categorical
  x = make_batch()['x']
  assert set(state.players['discriminator'].params) == {'categorical', 'style'}
  run_phases = jax.jit(lambda state: {  # Each phase from the same state, compiled together.
      'reconstruction': aae.reconstruction_phase(state, x),
      'discriminator': aae.discriminator_phase(state, x, None, jax.random.key(2)),
      'generator': aae.generator_phase(state, x, None),
      'classification': aae.classification_phase(state, 8, jax.random.key(3))})
  touches = {
      'reconstruction': {'autoencoder/params/encoder', 'autoencoder/params/decoder',
                         'autoencoder/opt_state/reconstruction'},
      'discriminator': {'discriminator/params/categorical', 'discriminator/params/style',
                        'discriminator/opt_state'},
      'generator': {'autoencoder/params/encoder', 'autoencoder/opt_state/regularization'},
      'classification': {'autoencoder/params/encoder', 'autoencoder/opt_state/classification'},
  }
  results = run_phases(state)
  for phase, (after, metrics) in results.items():
    assert changed(state, after) == touches[phase], phase
    assert all(np.isfinite(value) for value in metrics.values()), phase


def test_a_few_supervised_steps_give_finite_metrics_and_samples():
  """The 'concat' train step; the semi-supervised phases run in the test above, every config's step
  in tests/test_cli.py."""
  aae = make_aae(conditioning='concat', prior='mixture')
  batch = make_batch()
  state = jit_init(aae.init)(jax.random.key(1), batch)
  step = jax.jit(aae.train_step)
  for i in range(3):
    state, metrics = step(state, batch, jax.random.key(i))
  assert set(metrics) == {'recon', 'd_loss', 'g_loss'} and all(np.isfinite(v) for v in metrics.values())
  samples = jax.jit(aae.sample, static_argnums=(2, 3))(state, jax.random.key(5), 6, 3)
  assert samples.shape == (6, *SPEC.shape) and np.all((samples >= 0) & (samples <= 1))
  codes = aae.encode(state, batch['x'])
  assert codes.shape == (8, 2) and aae.prior_sample(state, jax.random.key(6), 5).shape == (5, 2)
  assert aae.decode(state, codes).shape == (8, *SPEC.shape)


def test_unsupervised_clustering_uses_no_label_and_predicts_clusters():
  """Categorical with num_labels = 0 (Makhzani et al. 2016, Sec. 6): no classification phase, no
  labelled data or classifier optimizer needed, and the batch's labels do not change the step."""
  model = model_config()
  model.update(dict(hidden=(16,), d_hidden=(16,), conditioning='categorical', num_labels=0, latent_dim=3))
  aae = AAE(model, ml_collections.ConfigDict({name: optimizer_config() for name in
                                              ('autoencoder', 'discriminator', 'generator')}), SPEC)
  assert aae.phases == ('reconstruction', 'regularization')
  batch = make_batch()
  state = jit_init(aae.init)(jax.random.key(1), batch)
  step = jax.jit(aae.train_step)
  after, metrics = step(state, batch, jax.random.key(2))
  relabelled, _ = step(state, dict(batch, y=(batch['y'] + 3) % 10), jax.random.key(2))
  assert set(metrics) == {'recon', 'd_loss', 'g_loss'}
  chex.assert_trees_all_equal(after.players, relabelled.players)
  assert aae.predict(after, batch['x'])['probs'].shape == (8, 10)


def test_clusters_set_the_size_of_the_categorical_code():
  """Makhzani et al. 2016, Sec. 6 clusters MNIST into 16 or 30: more clusters than classes."""
  aae = make_aae(optim_names=('autoencoder', 'discriminator', 'generator'), conditioning='categorical',
                 num_labels=0, latent_dim=3, clusters=16)
  state = jit_init(aae.init)(jax.random.key(1), make_batch())
  assert aae.num_classes == 16 and aae.predict(state, make_batch()['x'])['probs'].shape == (8, 16)
  codes = aae.prior_sample_classes(state, jax.random.key(2), jnp.array([0, 15, 15]))
  np.testing.assert_array_equal(codes[:, :16], jax.nn.one_hot(jnp.array([0, 15, 15]), 16))
  assert codes.shape == (3, 16 + 3) and aae.sample(state, jax.random.key(3), 2, label=15).shape == (2, 8, 8, 1)
  with pytest.raises(GenjaxError, match='draws prior codes by class'):
    make_aae().prior_sample_classes(state, jax.random.key(2), jnp.array([0]))


def test_temperature_divides_the_class_logits_of_the_same_encoder():
  plain, cold = (make_aae(conditioning='categorical', latent_dim=3, temperature=t) for t in (1.0, 0.25))
  state = jit_init(plain.init)(jax.random.key(1), make_batch())
  x = make_batch()['x']
  logits = plain.predict(state, x)['logits']
  np.testing.assert_allclose(cold.predict(state, x)['probs'], jax.nn.softmax(logits / 0.25), rtol=1e-5, atol=1e-7)
  np.testing.assert_allclose(cold.encode(state, x)[:, :10], jax.nn.softmax(logits / 0.25), rtol=1e-5, atol=1e-7)


def test_only_labelled_models_take_labels_and_only_categorical_predicts(categorical):
  aae, state = categorical
  x = make_batch()['x']
  probs = jax.jit(aae.predict)(state, x)['probs']
  assert probs.shape == (8, 10) and np.allclose(probs.sum(-1), 1.0, rtol=1e-5)
  codes = jax.jit(aae.encode)(state, x)  # [class probabilities, style]
  np.testing.assert_allclose(codes[:, :10], probs, rtol=1e-5)
  assert codes.shape == (8, 10 + 3)
  plain = make_aae()
  abstract = jax.eval_shape(plain.init, jax.random.key(0), make_batch())
  samples = jax.eval_shape(functools.partial(plain.sample, num=2), abstract, jax.random.key(1))
  assert samples.shape == (2, *SPEC.shape)
  with pytest.raises(GenjaxError, match='unconditional'):
    jax.eval_shape(functools.partial(plain.sample, num=2, label=1), abstract, jax.random.key(1))
  with pytest.raises(GenjaxError, match='categorical'):
    jax.eval_shape(plain.predict, abstract, x)


def test_the_supervised_discriminator_sees_the_one_hot_label_beside_z():
  aae = make_aae(conditioning='concat', prior='swissroll')
  state = jax.eval_shape(aae.init, jax.random.key(0), make_batch())
  assert state.players['discriminator'].params['z']['trunk']['Dense_0']['kernel'].shape == (2 + 10, 16)
  plain = jax.eval_shape(make_aae().init, jax.random.key(0), make_batch())
  assert plain.players['discriminator'].params['z']['trunk']['Dense_0']['kernel'].shape == (2, 16)


def nearest_component(z: np.ndarray, num: int = 10) -> np.ndarray:
  return np.round(np.arctan2(z[:, 1], z[:, 0]) / (2 * np.pi / num)).astype(int) % num


def test_gaussian_prior_is_standard_normal():
  z = np.asarray(jax.jit(make_prior('gaussian', 3, 10).sample, static_argnums=1)(jax.random.key(0), 20_000))
  assert z.shape == (20_000, 3)
  np.testing.assert_allclose(z.mean(0), 0.0, atol=0.03)
  np.testing.assert_allclose(z.std(0), 1.0, atol=0.03)


def test_mixture_prior_has_ten_clusters_on_a_circle_elongated_along_it():
  prior = make_prior('mixture', 2, 10)
  z = np.asarray(jax.jit(prior.sample, static_argnums=1)(jax.random.key(0), 10_000))
  counts = np.bincount(nearest_component(z), minlength=10)
  assert counts.min() > 800 and counts.max() < 1200
  np.testing.assert_allclose(np.linalg.norm(z, axis=1).mean(), 2.0, atol=0.02)
  labels = jnp.arange(2000) % 10
  chosen = np.asarray(jax.jit(prior.sample_regions)(jax.random.key(1), labels))
  assert np.mean(nearest_component(chosen) == np.asarray(labels)) > 0.98
  angle = 2 * np.pi * np.asarray(labels) / 10
  radial = chosen[:, 0] * np.cos(angle) + chosen[:, 1] * np.sin(angle)
  tangential = -chosen[:, 0] * np.sin(angle) + chosen[:, 1] * np.cos(angle)
  np.testing.assert_allclose([radial.mean(), tangential.mean()], [2.0, 0.0], atol=0.02)
  assert tangential.std() > 3 * radial.std()


def test_swissroll_regions_are_consecutive_stretches_of_the_roll():
  prior = make_prior('swissroll', 2, 10)
  labels = jnp.repeat(jnp.arange(10), 500)
  z = np.asarray(jax.jit(prior.sample_regions)(jax.random.key(0), labels))
  radius = np.linalg.norm(z, axis=1).reshape(10, 500)
  assert np.all(np.diff(np.median(radius, axis=1)) > 0.05)
  assert radius.min() > 2.0 / 3 - 0.25 and radius.max() < 2.25


@pytest.mark.parametrize('overrides, message', [
    ({'prior': 'mixture', 'latent_dim': 3}, 'latent_dim = 2'),
    ({'prior': 'laplace'}, "prior 'laplace'"),
    ({'conditioning': 'concat'}, 'one region per class'),
    ({'conditioning': 'concat', 'prior': 'mixture', 'components': 8}, 'components = 10'),
    ({'loss': 'wasserstein'}, "loss 'wasserstein'"),
    ({'num_labels': -1}, 'num_labels must be >= 0'),
    ({'conditioning': 'categorical', 'clusters': 16}, 'model.clusters must be 0, or >= 2 for unsupervised'),
    ({'conditioning': 'categorical', 'num_labels': 0, 'clusters': 1}, 'got 1'),
    ({'clusters': 16}, 'model.clusters must be 0'),
    ({'temperature': 0.0}, 'model.temperature must be > 0'),
])
def test_bad_model_settings(overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_aae(**overrides)


def test_missing_optimizers_and_unlabelled_data_are_refused():
  with pytest.raises(GenjaxError, match='generator'):
    make_aae(optim_names=('autoencoder', 'discriminator'))
  with pytest.raises(GenjaxError, match='classifier'):
    make_aae(optim_names=('autoencoder', 'discriminator', 'generator'), conditioning='categorical')
  unlabelled = DataSpec('image', (8, 8, 1), (0.0, 1.0), 0, 17)
  with pytest.raises(GenjaxError, match='labelled data'):
    make_aae(unlabelled, conditioning='concat', prior='mixture')
  model = model_config()
  model.update(dict(hidden=(16,), d_hidden=(16,), conditioning='categorical'))
  optim = ml_collections.ConfigDict({name: optimizer_config() for name in
                                     ('autoencoder', 'discriminator', 'generator', 'classifier')})
  unlabelled_examples = AAE(model, optim, SPEC)  # Built as for sampling: no labelled examples handed over.
  assert unlabelled_examples.wants_labelled == (100, 0)
  state = jax.eval_shape(unlabelled_examples.init, jax.random.key(0), make_batch())
  with pytest.raises(GenjaxError, match='labelled examples'):
    jax.eval_shape(unlabelled_examples.train_step, state, make_batch(), jax.random.key(1))
