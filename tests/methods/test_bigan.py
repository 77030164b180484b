"""BiGAN / BigBiGAN: the joint discriminator's inputs, the losses by hand, each step's own player."""
import functools

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import optimizer_config
from genjax.core.state import jit_init
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.losses import adversarial_loss
from genjax.methods import check_sizes
from genjax.methods.bigan import BiGAN, discriminator_loss, encoder_generator_loss, model_config

IMAGES = DataSpec(kind='image', shape=(8, 8, 1), value_range=(-1.0, 1.0), num_classes=0, levels=17)
POINTS = DataSpec(kind='points', shape=(2,), value_range=(-1.0, 1.0), num_classes=0, levels=0)
CONV = dict(generator='dcgan', encoder='dcgan', discriminator='dcgan', g_features=(8, 4), e_features=(4, 8),
            d_features=(4, 6))


def make_bigan(spec: DataSpec = IMAGES, **overrides) -> BiGAN:
  model = model_config()
  model.update(dict(latent_dim=3, g_hidden=(16,), e_hidden=(16,), d_hidden=(16,), z_hidden=(8,),
                    joint_hidden=(8,)))
  model.update(overrides)
  check_sizes(model)  # As build_method does: code sizes and widths are checked there, once.
  optim = ml_collections.ConfigDict({name: optimizer_config() for name in ('generator', 'discriminator')})
  return BiGAN(model, optim, spec)


def make_batch(num: int = 8) -> dict:
  return {'x': jnp.tanh(jax.random.normal(jax.random.key(0), (num, *IMAGES.shape)))}


def changed(before, after) -> set[str]:
  """The parts of the players an update touched: 'player/field/net' ('player/opt_state')."""
  parts = set()
  leaves = zip(jax.tree_util.tree_leaves_with_path(before.players), jax.tree.leaves(after.players))
  for (path, old), new in leaves:
    if not np.array_equal(old, new):
      keys = [str(getattr(key, 'key', getattr(key, 'name', key))) for key in path]
      parts.add('/'.join(keys[:2] if keys[1] == 'opt_state' else keys[:3]))
  return parts


@pytest.mark.parametrize('unary_terms', [False, True])
def test_the_discriminator_judges_pairs_with_an_x_trunk_on_images_and_a_z_trunk_on_codes(unary_terms):
  bigan = make_bigan(unary_terms=unary_terms, **CONV)
  state = jax.eval_shape(bigan.init, jax.random.key(0), make_batch())
  params = state.players['discriminator'].params
  assert params['x_trunk']['DownStack_0']['Conv_0']['kernel'].shape == (4, 4, 1, 4)  # sees 1-channel images
  assert params['z_trunk']['Dense_0']['kernel'].shape == (3, 8)  # sees 3-D codes
  assert params['joint']['Dense_0']['kernel'].shape == (2 * 2 * 6 + 8, 8)  # both features, concatenated
  assert ('x_score' in params and 'z_score' in params) == unary_terms
  scores = jax.eval_shape(bigan._scores, params, make_batch()['x'], jnp.zeros((8, 3)))
  assert {name: s.shape for name, s in scores.items()} == (
      {'xz': (8,), 'x': (8,), 'z': (8,)} if unary_terms else {'xz': (8,)})
  assert set(state.players['generator'].params) == {'generator', 'encoder'}


ENCODER = {'xz': jnp.array([0.5, -1.5, 2.0])}  # D's scores of (x, E(x)) pairs
GENERATOR = {'xz': jnp.array([-0.3, 0.8, 1.2])}  # and of (G(z), z) pairs


def test_bigan_losses_by_hand():
  sigmoid = lambda s: 1 / (1 + np.exp(-np.asarray(s)))
  d_real, d_fake = sigmoid(ENCODER['xz']), sigmoid(GENERATOR['xz'])
  value = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))  # V(D, E, G), Eq. 3
  flipped = -np.mean(np.log(1 - d_real)) - np.mean(np.log(d_fake))
  for name, eg in (('minimax', value), ('non_saturating', flipped)):
    loss = adversarial_loss(name)
    np.testing.assert_allclose(discriminator_loss(loss, ENCODER, GENERATOR), -value, rtol=1e-5)
    np.testing.assert_allclose(encoder_generator_loss(loss, ENCODER, GENERATOR), eg, rtol=1e-5)


def test_bigbigan_sums_the_hinge_terms_of_the_three_scores():
  encoder = {**ENCODER, 'x': jnp.array([1.5, 0.2, -0.4]), 'z': jnp.array([-2.0, 0.9, 3.0])}
  generator = {**GENERATOR, 'x': jnp.array([0.1, -1.7, 0.6]), 'z': jnp.array([-0.5, 2.5, 0.0])}
  hinge = lambda t: np.maximum(0, 1 - np.asarray(t))
  d_by_hand = sum(hinge(encoder[k]).mean() + hinge(-generator[k]).mean() for k in ('x', 'z', 'xz'))
  eg_by_hand = np.mean(sum(encoder.values())) - np.mean(sum(generator.values()))  # y = +1, -1
  loss = adversarial_loss('hinge')
  np.testing.assert_allclose(discriminator_loss(loss, encoder, generator), d_by_hand, rtol=1e-5)
  np.testing.assert_allclose(encoder_generator_loss(loss, encoder, generator), eg_by_hand, rtol=1e-5)
  assert discriminator_loss(loss, ENCODER, GENERATOR) < d_by_hand  # the unary terms add to it


def test_each_step_updates_only_its_own_player_and_the_nets_give_shapes():
  bigan = make_bigan(unary_terms=True, loss='hinge')  # G has batch norm: its statistics move too
  batch = make_batch()
  state = jit_init(bigan.init)(jax.random.key(1), batch)
  steps = jax.jit(lambda state: {
      'discriminator': bigan.discriminator_step(state, batch['x'], jax.random.key(2)),
      'encoder_generator': bigan.encoder_generator_step(state, batch['x'], jax.random.key(3))})
  results = steps(state)
  d_parts = {'discriminator/params/joint', 'discriminator/params/x_trunk', 'discriminator/params/z_trunk',
             'discriminator/params/x_score', 'discriminator/params/z_score', 'discriminator/opt_state'}
  eg_parts = {'generator/params/generator', 'generator/params/encoder', 'generator/batch_stats/generator',
              'generator/opt_state'}
  assert changed(state, results['discriminator'][0]) == d_parts
  assert changed(state, results['encoder_generator'][0]) == eg_parts
  metrics = {**results['discriminator'][1], **results['encoder_generator'][1]}
  assert set(metrics) == {'d_loss', 'd_real', 'd_fake', 'eg_loss'} and all(np.isfinite(v) for v in metrics.values())
  assert set(jax.eval_shape(bigan.train_step, state, batch, jax.random.key(4))[1]) == set(metrics)
  new = results['encoder_generator'][0]
  codes = bigan.encode(new, batch['x'])
  assert codes.shape == (8, 3) and bigan.decode(new, codes).shape == (8, *IMAGES.shape)
  samples = bigan.sample(new, jax.random.key(5), 5)
  assert samples.shape == (5, *IMAGES.shape) and np.all(np.abs(samples) <= 1)
  assert bigan.prior_sample(new, jax.random.key(6), 4).shape == (4, 3)
  with pytest.raises(GenjaxError, match='unconditional'):
    bigan.sample(new, jax.random.key(5), 5, label=1)


def test_conv_nets_encode_and_sample_and_the_uniform_prior_stays_in_its_box():
  bigan = make_bigan(prior='uniform', e_batchnorm=True, **CONV)
  state = jax.eval_shape(bigan.init, jax.random.key(0), make_batch())
  assert set(state.players['generator'].batch_stats) == {'generator', 'encoder'}
  assert jax.eval_shape(bigan.encode, state, make_batch()['x']).shape == (8, 3)
  assert jax.eval_shape(functools.partial(bigan.sample, num=5), state, jax.random.key(1)).shape == (5, 8, 8, 1)
  z = bigan.prior_sample(state, jax.random.key(2), 1000)
  assert np.all(np.abs(z) <= 1) and np.abs(z).max() > 0.99


@pytest.mark.parametrize('spec, overrides, message', [
    (IMAGES, {'loss': 'least_squares'}, "loss 'least_squares' is not one of"),
    (IMAGES, {'prior': 'laplace'}, "prior 'laplace' is not one of"),
    (IMAGES, {'generator': 'biggan'}, "generator 'biggan' is not one of"),
    (IMAGES, {'encoder': 'resnet'}, "encoder 'resnet' is not one of"),
    (IMAGES, {'latent_dim': 0}, 'latent_dim must hold positive integers'),
    (POINTS, {'discriminator': 'dcgan'}, 'needs image data'),
    (DataSpec('image', (8, 8, 1), (0.0, 1.0), 0, 17), {}, "range 'signed'"),
])
def test_bad_settings_are_refused(spec, overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_bigan(spec, **overrides)
