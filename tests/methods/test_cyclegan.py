"""CycleGAN: the cycle and identity losses vanish for identity translators; the history pool's mix;
each player's step moves only that player; the least-squares terms against a hand computation."""
import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import optimizer_config
from genjax.core.state import jit_init
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.losses.cycle import adversarial_generator_loss, cycle_loss, identity_loss
from genjax.methods import image_pool
from genjax.methods.cyclegan import CycleGAN, model_config
from genjax.nets.translator import ResidualTranslator

PAIRS = DataSpec(kind='image', shape=(8, 8, 2), value_range=(-1.0, 1.0), num_classes=0, levels=17)
BATCH = 4


def make_cyclegan(spec=PAIRS, **overrides) -> CycleGAN:
  model = model_config()
  model.update(dict(g_features=(4, 8), residual_blocks=1, d_features=(4, 8), pool_size=6))
  model.update(overrides)
  optim = ml_collections.ConfigDict({name: optimizer_config(learning_rate=1e-3)
                                     for name in ('generator', 'discriminator')})
  return CycleGAN(model, optim, spec)


@pytest.fixture(scope='module')
def setup():
  cyclegan = make_cyclegan()
  batch = {'x': jnp.tanh(jax.random.normal(jax.random.key(0), (BATCH, 8, 8, 2)))}
  return cyclegan, batch, jit_init(cyclegan.init)(jax.random.key(1), batch)


def test_cycle_and_identity_losses_vanish_for_identity_translators():
  a, b = jax.random.normal(jax.random.key(0), (2, 3, 8, 8, 1))
  identity = lambda x: x
  assert cycle_loss(a, b, identity, identity) == 0 and identity_loss(a, b, identity, identity) == 0
  shift = lambda x: x + 0.25
  # G and F both add 0.25: each round trip is off by 0.5, each identity term by 0.25.
  np.testing.assert_allclose(cycle_loss(a, b, shift, shift), 1.0, rtol=1e-6)
  np.testing.assert_allclose(identity_loss(a, b, shift, shift), 0.5, rtol=1e-6)


def test_generator_adversarial_term_is_the_squared_distance_to_real():
  scores = jnp.array([[0.0, 1.0], [2.0, 0.5]])
  np.testing.assert_allclose(adversarial_generator_loss(scores), np.mean([1.0, 0.0, 1.0, 0.25]), rtol=1e-6)


def test_pool_stores_until_full_then_swaps_half():
  pool = image_pool.empty_pool(4, (1,))
  first = jnp.arange(4.0)[:, None]
  shown, pool = image_pool.query(pool, first, jax.random.key(0))
  np.testing.assert_array_equal(shown, first)  # not yet full: every image passes and is stored
  np.testing.assert_array_equal(np.sort(pool['images'][:, 0]), np.arange(4.0)) and pool['count'] == 4
  new = 100.0 + jnp.arange(4000.0)[:, None]
  shown, pool = jax.jit(image_pool.query)(pool, new, jax.random.key(1))
  older = np.asarray(shown[:, 0] != new[:, 0])
  # Binomial(4000, 1/2): 4 standard deviations are 126 images.
  assert abs(older.sum() - 2000) < 126
  returned_old = np.asarray(shown[:, 0])[older]
  assert set(returned_old) <= set(np.arange(4.0)) | set(np.asarray(new[:, 0]))  # only ever stored images
  empty = image_pool.empty_pool(0, (1,))
  shown, empty = image_pool.query(empty, first, jax.random.key(2))
  np.testing.assert_array_equal(shown, first)


@pytest.fixture(scope='module')
def stepped(setup):
  """The state after one generator step (with its generated images) and then one discriminator step."""
  cyclegan, batch, state = setup
  after_g, metrics, fakes = jax.jit(cyclegan.generator_step)(state, batch['x'])
  after_d, d_metrics = jax.jit(cyclegan.discriminator_step)(after_g, batch['x'], fakes, jax.random.key(3))
  return after_g, after_d, fakes, {**metrics, **d_metrics}


def test_each_step_moves_only_its_player(setup, stepped):
  _, _, state = setup
  after_g, after_d, fakes, metrics = stepped
  chex.assert_trees_all_equal(after_g.players['discriminator'], state.players['discriminator'])
  moved = jax.tree.map(lambda x, y: not np.array_equal(x, y), after_g.players['generator'].params,
                       state.players['generator'].params)
  assert all(jax.tree.leaves(moved))
  chex.assert_trees_all_equal(after_d.players['generator'], after_g.players['generator'])
  assert set(metrics) == {'g_loss', 'g_adversarial', 'cycle', 'identity', 'd_loss', 'd_real', 'd_fake'}
  assert all(np.isfinite(float(v)) for v in metrics.values())
  chex.assert_shape([fakes['a'], fakes['b']], (BATCH, 8, 8, 1))
  pools = after_d.players['discriminator'].batch_stats
  # The pool (size 6) took this step's 4 generated images of each domain.
  assert int(pools['pool_a']['count']) == int(pools['pool_b']['count']) == BATCH
  np.testing.assert_allclose(pools['pool_b']['images'][:BATCH], fakes['b'], rtol=1e-6)


def test_round_trips_cycle_errors_and_patch_scores(setup, stepped):
  cyclegan, batch, _ = setup
  state = stepped[1]
  trips = cyclegan.round_trips(state, batch['x'])
  chex.assert_shape(list(trips.values()), (BATCH, 8, 8, 1))
  assert float(jnp.abs(trips['ab']).max()) <= 1.0  # tanh output
  errors = cyclegan.cycle_errors(state, batch['x'])
  chex.assert_shape(errors, (BATCH, 2))
  a = batch['x'][..., :1]
  np.testing.assert_allclose(errors[:, 0], jnp.abs(trips['aba'] - a).mean(axis=(1, 2, 3)), rtol=1e-6)
  # Two stride-2 convs: 8x8 images get 2x2 patch scores.
  chex.assert_shape(cyclegan.discriminate(state.players['discriminator'].params, 'd_a', a), (BATCH, 2, 2, 1))
  with pytest.raises(GenjaxError, match='divisible by 4'):
    ResidualTranslator((4, 8, 16), 1).init(jax.random.key(0), jnp.zeros((1, 10, 10, 1)))


@pytest.mark.parametrize('spec, message', [
    (DataSpec(kind='image', shape=(8, 8, 1), value_range=(-1.0, 1.0), num_classes=0, levels=17), 'two-domain'),
    (DataSpec(kind='image', shape=(8, 8, 2), value_range=(0.0, 1.0), num_classes=0, levels=17), 'signed'),
])
def test_bad_data_is_refused(spec, message):
  with pytest.raises(GenjaxError, match=message):
    make_cyclegan(spec)
