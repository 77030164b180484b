"""The GAN step: each player moves only through its own optimizer; losses and smoothing options."""
import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import optimizer_config
from genjax.core.rng import streams
from genjax.core.state import jit_init
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.losses import adversarial_loss
from genjax.methods.gan import GAN, model_config

POINTS = DataSpec(kind='points', shape=(2,), value_range=(-1.0, 1.0), num_classes=0, levels=0)
IMAGES = DataSpec(kind='image', shape=(8, 8, 1), value_range=(-1.0, 1.0), num_classes=0, levels=17)


def make_gan(spec=POINTS, g_lr=1e-3, d_lr=1e-3, **model_overrides) -> GAN:
  model = model_config()
  # A plain MLP G (no batch norm): the hand computations below apply it without batch statistics.
  model.update(dict(g_hidden=(16,), d_hidden=(16,), g_features=(8, 4), d_features=(4, 8), g_batchnorm=False))
  model.update(model_overrides)
  optim = ml_collections.ConfigDict({'generator': optimizer_config(learning_rate=g_lr),
                                     'discriminator': optimizer_config(learning_rate=d_lr)})
  return GAN(model, optim, spec)


def changed(before, after) -> bool:
  return any(not np.array_equal(a, b) for a, b in zip(jax.tree.leaves(before), jax.tree.leaves(after)))


@pytest.mark.parametrize('frozen', ['generator', 'discriminator'])
def test_each_player_has_its_own_optimizer(frozen):
  gan = make_gan(**{'g_lr' if frozen == 'generator' else 'd_lr': 1e-30})
  batch = {'x': jax.random.normal(jax.random.key(0), (32, 2))}
  state = jit_init(gan.init)(jax.random.key(1), batch)
  new, _ = jax.jit(gan.train_step)(state, batch, jax.random.key(2))
  other = 'discriminator' if frozen == 'generator' else 'generator'
  chex.assert_trees_all_close(new.players[frozen].params, state.players[frozen].params, atol=1e-20)
  assert changed(state.players[other].params, new.players[other].params)


def test_generator_step_sees_the_updated_discriminator():
  """With a frozen generator, the logged g_loss is that of the discriminator after its update."""
  gan = make_gan(g_lr=1e-30, d_lr=0.1)
  batch = {'x': jax.random.normal(jax.random.key(0), (32, 2))}
  state = jit_init(gan.init)(jax.random.key(1), batch)
  new, metrics = gan.train_step(state, batch, jax.random.key(2))
  assert changed(state.players['discriminator'].params, new.players['discriminator'].params)
  # Recompute the generator loss against the new discriminator with the step's own z stream.
  g_key = streams(jax.random.key(2), 'g_z')[0]
  fake = gan.generator.apply(state.players['generator'].variables(), jax.random.normal(g_key, (32, 2)))
  logits = gan.discriminator.apply(new.players['discriminator'].variables(), fake)
  np.testing.assert_allclose(metrics['g_loss'], adversarial_loss('non_saturating').generator(logits), rtol=1e-5)


@pytest.mark.parametrize('loss', ['non_saturating', 'minimax'])
def test_generator_losses_are_selectable(loss):
  gan = make_gan(loss=loss)
  batch = {'x': jax.random.normal(jax.random.key(0), (16, 2))}
  _, metrics = gan.train_step(jit_init(gan.init)(jax.random.key(1), batch), batch, jax.random.key(2))
  # Non-saturating −log D(G(z)) is positive; minimax log(1 − D(G(z))) is negative.
  assert (metrics['g_loss'] > 0) == (loss == 'non_saturating')


def test_label_smoothing_changes_only_the_discriminator_loss():
  batch = {'x': jax.random.normal(jax.random.key(0), (16, 2))}
  plain, smooth = make_gan(), make_gan(label_smoothing=True)
  state = jit_init(plain.init)(jax.random.key(1), batch)
  a = plain.train_step(state, batch, jax.random.key(2))[1]
  b = smooth.train_step(state, batch, jax.random.key(2))[1]
  assert a['d_loss'] != b['d_loss']
  np.testing.assert_allclose(a['d_real'], b['d_real'])


def test_dcgan_players_update_batch_stats_and_sample_in_range():
  gan = make_gan(IMAGES, generator='dcgan', discriminator='dcgan', g_batchnorm=True, d_batchnorm=True,
                 latent_dim=4)
  batch = {'x': jnp.tanh(jax.random.normal(jax.random.key(0), (8, 8, 8, 1)))}
  state = jit_init(gan.init)(jax.random.key(1), batch)
  new, metrics = jax.jit(gan.train_step)(state, batch, jax.random.key(2))
  assert all(np.isfinite(v) for v in metrics.values())
  for player in ('generator', 'discriminator'):
    assert changed(state.players[player].batch_stats, new.players[player].batch_stats)
  samples = gan.sample(new, jax.random.key(3), 5)
  chex.assert_shape(samples, (5, 8, 8, 1))
  assert np.all(np.abs(samples) <= 1)


@pytest.mark.parametrize('spec, overrides, message', [
    (POINTS, {'generator': 'dcgan'}, "needs image data"),
    (POINTS, {'loss': 'relativistic'}, "loss 'relativistic'"),
    (POINTS, {'loss': 'hinge', 'label_smoothing': True}, 'needs a cross-entropy loss'),
    (POINTS, {'conditioning': 'concat'}, 'needs labelled data'),
    (POINTS, {'pack': 0}, 'pack must be >= 1'),
    (POINTS, {'unroll_steps': -1}, 'unroll_steps must be >= 0'),
    (DataSpec('image', (8, 8, 1), (0.0, 1.0), 0, 17), {}, "range 'signed'"),
])
def test_bad_settings(spec, overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_gan(spec, **overrides)


def test_image_size_the_generator_cannot_reach():
  gan = make_gan(IMAGES, generator='dcgan', g_features=(8, 4, 4, 4))
  with pytest.raises(GenjaxError, match='divisible by 2\\^4'):
    gan.init(jax.random.key(0), IMAGES.example_batch(2))
