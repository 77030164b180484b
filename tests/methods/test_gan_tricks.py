"""GAN options: unrolling, packing, several D steps, penalties, conditioning, truncation."""
import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import optax
import pytest

from genjax.config import optimizer_config
from genjax.core.rng import streams
from genjax.core.state import jit_init
from genjax.data.spec import DataSpec
from genjax.losses import adversarial_loss, orthogonal_regularization
from genjax.methods.gan import GAN, model_config, pack

POINTS = DataSpec(kind='points', shape=(2,), value_range=(-1.0, 1.0), num_classes=0, levels=0)
LABELLED = DataSpec(kind='image', shape=(8, 8, 1), value_range=(-1.0, 1.0), num_classes=10, levels=17)


def make_gan(spec=POINTS, **model_overrides) -> GAN:
  model = model_config()
  # A plain MLP G (no batch norm): the hand computations below apply it without batch statistics.
  model.update(dict(g_hidden=(16,), d_hidden=(16,), g_features=(8, 4), d_features=(4, 8), g_batchnorm=False))
  model.update(model_overrides)
  optim = ml_collections.ConfigDict({'generator': optimizer_config(learning_rate=1e-2),
                                     'discriminator': optimizer_config(learning_rate=1e-2)})
  return GAN(model, optim, spec)


def points(num: int, seed: int = 0) -> dict:
  return {'x': jax.random.normal(jax.random.key(seed), (num, 2))}


def d_loss(gan: GAN, params, real, fake):
  apply = lambda x: gan.discriminator.apply({'params': params}, x)
  return gan.loss.discriminator(apply(real), apply(fake), 1.0)


def test_unroll_zero_is_the_plain_step_written_by_hand():
  gan = make_gan(unroll_steps=0)
  batch, key = points(32), jax.random.key(2)
  state = jit_init(gan.init)(jax.random.key(1), batch)
  new, _ = jax.jit(gan.train_step)(state, batch, key)

  g, d = state.players['generator'], state.players['discriminator']
  adam = optax.adam(1e-2)
  generate = lambda params, z: gan.generator.apply({'params': params}, z)
  z_key = streams(jax.random.split(streams(key, 'd')[0], 1)[0], 'z')[0]
  fake = generate(g.params, jax.random.normal(z_key, (32, 2)))
  updates, _ = adam.update(jax.grad(lambda p: d_loss(gan, p, batch['x'], fake))(d.params), d.opt_state)
  d_params = optax.apply_updates(d.params, updates)
  z = jax.random.normal(streams(key, 'g_z')[0], (32, 2))
  g_loss = lambda p: adversarial_loss('non_saturating').generator(
      gan.discriminator.apply({'params': d_params}, generate(p, z)))
  updates, _ = adam.update(jax.grad(g_loss)(g.params), g.opt_state)
  chex.assert_trees_all_close(new.players['discriminator'].params, d_params, rtol=1e-5, atol=1e-6)
  chex.assert_trees_all_close(new.players['generator'].params, optax.apply_updates(g.params, updates),
                              rtol=1e-5, atol=1e-6)


def test_unrolled_generator_loss_is_taken_after_k_discriminator_updates():
  k = 3
  gan = make_gan(unroll_steps=k)
  batch, key = points(32), jax.random.key(2)
  state = jit_init(gan.init)(jax.random.key(1), batch)
  new, metrics = gan.train_step(state, batch, key)
  d = new.players['discriminator']  # The real D update happens first; unrolling starts there.
  fake = gan.generator.apply(state.players['generator'].variables(),
                             jax.random.normal(streams(key, 'g_z')[0], (32, 2)))
  params, opt_state = d.params, d.opt_state  # Unrolling continues D's own optimizer.
  for _ in range(k):
    grads = jax.grad(lambda p: d_loss(gan, p, batch['x'], fake))(params)
    updates, opt_state = optax.adam(1e-2).update(grads, opt_state, params)
    params = optax.apply_updates(params, updates)
  expected = adversarial_loss('non_saturating').generator(gan.discriminator.apply({'params': params}, fake))
  np.testing.assert_allclose(metrics['g_loss'], expected, rtol=1e-5)
  plain = make_gan().train_step(state, batch, key)[0]
  assert not np.allclose(jax.tree.leaves(plain.players['generator'].params)[0],
                         jax.tree.leaves(new.players['generator'].params)[0])


def test_pack_concatenates_consecutive_examples_on_the_last_axis():
  x = jnp.arange(4 * 3 * 3 * 2, dtype=jnp.float32).reshape(4, 3, 3, 2)
  packed = pack(x, 2)
  chex.assert_shape(packed, (2, 3, 3, 4))
  np.testing.assert_array_equal(packed[1], jnp.concatenate([x[2], x[3]], axis=-1))
  np.testing.assert_array_equal(pack(x.reshape(4, -1), 4)[0], x.reshape(-1))
  assert pack(x, 1) is x


def test_packed_discriminator_sees_m_samples():
  gan = make_gan(pack=4)
  batch = points(32)
  state = jit_init(gan.init)(jax.random.key(1), batch)
  first = jax.tree.leaves(state.players['discriminator'].params['trunk']['Dense_0'])
  assert {leaf.shape for leaf in first} == {(8, 16), (16,)}
  new, metrics = jax.jit(gan.train_step)(state, batch, jax.random.key(2))
  assert all(np.isfinite(v) for v in metrics.values())
  chex.assert_shape(gan.discriminator_outputs(new, jnp.zeros((5, 2))), (5,))


def test_d_steps_updates_d_once_per_real_batch():
  gan = make_gan(d_steps=3)
  assert gan.batches_per_step == 3
  batch = {'x': points(3 * 16)['x'].reshape(3, 16, 2)}  # The trainer stacks a step's batches.
  state = jit_init(gan.init)(jax.random.key(1), points(16))
  new, _ = jax.jit(gan.train_step)(state, batch, jax.random.key(2))
  adam_count = lambda player: int(new.players[player].opt_state[0].count)
  assert (adam_count('discriminator'), adam_count('generator')) == (3, 1)


@pytest.mark.parametrize('overrides, key', [
    ({'loss': 'wasserstein', 'gradient_penalty': 10.0}, 'gradient_penalty'),
    ({'loss': 'hinge', 'r1_penalty': 1.0}, 'r1_penalty'),
])
def test_penalties_enter_the_discriminator_loss(overrides, key):
  batch, state_key = points(16), jax.random.key(1)
  gan, plain = make_gan(**overrides), make_gan(loss=overrides['loss'])
  state = jit_init(gan.init)(state_key, batch)
  _, metrics = gan.train_step(state, batch, jax.random.key(2))
  _, plain_metrics = plain.train_step(state, batch, jax.random.key(2))
  weight = overrides.get('gradient_penalty', 0.5 * overrides.get('r1_penalty', 0))
  assert metrics[key] > 0
  np.testing.assert_allclose(metrics['d_loss'], plain_metrics['d_loss'] + weight * metrics[key], rtol=1e-5)


def test_orthogonal_regularization_enters_the_generator_loss():
  batch = points(16)
  gan, plain = make_gan(orthogonal_reg=0.5), make_gan()
  state = jit_init(gan.init)(jax.random.key(1), batch)
  with_reg = gan.train_step(state, batch, jax.random.key(2))[1]['g_loss']
  without = plain.train_step(state, batch, jax.random.key(2))[1]['g_loss']
  expected = without + 0.5 * orthogonal_regularization(state.players['generator'].params)
  np.testing.assert_allclose(with_reg, expected, rtol=1e-5)


@pytest.mark.parametrize('conditioning', ['concat', 'projection'])
def test_conditional_sampling_is_deterministic_and_depends_on_the_label(conditioning):
  gan = make_gan(LABELLED, generator='dcgan', discriminator='dcgan', latent_dim=4, conditioning=conditioning)
  batch = {'x': jnp.tanh(jax.random.normal(jax.random.key(0), (8, 8, 8, 1))),
           'y': jnp.arange(8, dtype=jnp.int32)}
  state, _ = jax.jit(gan.train_step)(jit_init(gan.init)(jax.random.key(1), batch), batch, jax.random.key(2))
  sample = jax.jit(gan.sample, static_argnums=(2, 3))
  threes = sample(state, jax.random.key(3), 6, 3)
  chex.assert_shape(threes, (6, 8, 8, 1))
  np.testing.assert_array_equal(threes, sample(state, jax.random.key(3), 6, 3))
  assert not np.allclose(threes, sample(state, jax.random.key(3), 6, 5))
  chex.assert_shape(sample(state, jax.random.key(3), 6, None), (6, 8, 8, 1))


def test_truncation_bounds_the_latents():
  z = make_gan(truncation=0.5).latents(jax.random.key(0), 1000)
  assert float(jnp.abs(z).max()) <= 0.5 and float(jnp.abs(z).max()) > 0.45
  assert float(jnp.abs(make_gan().latents(jax.random.key(0), 1000)).max()) > 2


def test_generator_push_points_where_d_says_real():
  """For a D that prefers larger x_0, the push on every sample has a positive first coordinate."""
  gan = make_gan()
  state = jit_init(gan.init)(jax.random.key(1), points(8))
  params = jax.tree.map(jnp.zeros_like, state.players['discriminator'].params)
  params['trunk']['Dense_0']['kernel'] = params['trunk']['Dense_0']['kernel'].at[0].set(1.0)
  params['logit']['kernel'] = params['logit']['kernel'] + 1.0
  state.players['discriminator'] = state.players['discriminator'].replace(params=params)
  push = gan.generator_push(state, jax.random.uniform(jax.random.key(3), (6, 2), minval=0.5, maxval=1.0))
  assert np.all(push[:, 0] > 0) and np.allclose(push[:, 1], 0)


@pytest.mark.parametrize('conditioning, in_channels', [('concat', 1 + 16), ('projection', 1)])
def test_biggan_discriminator_takes_the_configured_conditioning(conditioning, in_channels):
  gan = make_gan(LABELLED, generator='biggan', discriminator='biggan', latent_dim=4, conditioning=conditioning)
  batch = {'x': jnp.zeros((4, 8, 8, 1)), 'y': jnp.zeros((4,), jnp.int32)}
  params = jax.eval_shape(gan.init, jax.random.key(0), batch).players['discriminator'].params
  first_conv = params['trunk']['Conv_0']['kernel']
  assert first_conv.shape[2] == in_channels


def test_unrolled_step_is_finite_when_some_d_gradients_are_exactly_zero():
  """Maxout pieces that win for no sample get exactly zero gradient, so Adam's nu is 0 there;
  differentiating sqrt(nu) at 0 gave NaN before the update took eps_root."""
  gan = make_gan(unroll_steps=2, d_activation='maxout', d_maxout_pieces=5)
  batch = points(16)
  state = jit_init(gan.init)(jax.random.key(1), batch)
  for step in range(3):
    state, metrics = jax.jit(gan.train_step)(state, batch, jax.random.key(2 + step))
    assert all(np.isfinite(v) for v in metrics.values()), metrics
  assert all(np.all(np.isfinite(leaf)) for leaf in jax.tree.leaves(state.players))
