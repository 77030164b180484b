"""CoGAN: shared layers are one parameter array whose gradient sums both GANs'; joint samples share z."""
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
from genjax.losses import adversarial_loss
from genjax.methods import check_sizes
from genjax.methods.cogan import CoGAN, model_config

PAIRS = DataSpec(kind='image', shape=(8, 8, 2), value_range=(-1.0, 1.0), num_classes=0, levels=17)
BATCH = 8


def make_cogan(spec=PAIRS, **overrides) -> CoGAN:
  model = model_config()
  model.update(dict(latent_dim=4, g_features=(8, 4), d_features=(4, 8)))
  model.update(overrides)
  check_sizes(model)  # As build_method does: code sizes and widths are checked there, once.
  optim = ml_collections.ConfigDict({name: optimizer_config(learning_rate=1e-3)
                                     for name in ('generator', 'discriminator')})
  return CoGAN(model, optim, spec)


@pytest.fixture(scope='module')
def setup():
  cogan = make_cogan()
  batch = {'x': jnp.tanh(jax.random.normal(jax.random.key(0), (BATCH, 8, 8, 2)))}
  return cogan, batch, jit_init(cogan.init)(jax.random.key(1), batch)


def layer_names(tree) -> list[str]:
  """'/'-joined paths of the parameter arrays."""
  return ['/'.join(str(k.key) for k in path) for path, _ in jax.tree_util.tree_leaves_with_path(tree)]


def test_each_shared_layer_is_one_parameter_array(setup):
  _, _, state = setup
  g, d = state.players['generator'].params, state.players['discriminator'].params
  assert set(g) == set(d) == {'shared', 'own_a', 'own_b'}
  # G: one dense projection and one first up-sampling in all; D: one output layer in all.
  assert [n for n in layer_names(g) if n.endswith('kernel')] == [
      'own_a/SubpixelConvTranspose_0/kernel', 'own_b/SubpixelConvTranspose_0/kernel',
      'shared/Dense_0/kernel', 'shared/SubpixelConvTranspose_0/kernel']
  assert sorted(n for n in layer_names(d) if n.endswith('kernel')) == [
      'own_a/kernel', 'own_b/kernel', 'shared/Dense_0/kernel', 'shared/DownStack_0/Conv_0/kernel']


def per_domain_losses(cogan: CoGAN, state, g_params, d_params, z, real):
  """Each GAN's generator and discriminator losses, [2] each, computed here from the nets."""
  g = state.players['generator']
  variables = {**g.variables(), 'params': g_params}
  fake, _ = cogan.generator.apply(variables, z, train=True, mutable=['batch_stats'])
  logits = lambda x: cogan.discriminator.apply({'params': d_params}, x)
  loss = adversarial_loss('non_saturating')
  fake_logits, real_logits = logits(fake), logits(real)
  return (jnp.stack([loss.generator(fake_logits[:, i]) for i in range(2)]),
          jnp.stack([loss.discriminator(real_logits[:, i], fake_logits[:, i]) for i in range(2)]))


@pytest.mark.parametrize('player', ['generator', 'discriminator'])
def test_shared_gradient_is_the_sum_of_both_gans_and_own_layers_get_their_own(setup, player):
  cogan, batch, state = setup
  g, d = state.players['generator'], state.players['discriminator']
  z = cogan.latents(jax.random.key(2), BATCH)

  @jax.jit
  def gradients():
    """The training loss's gradient, then each GAN's own loss's."""
    if player == 'generator':
      total = jax.grad(lambda p: cogan.generator_loss(g, p, d.params, z)[0])(g.params)
      domain = lambda p: per_domain_losses(cogan, state, p, d.params, z, batch['x'])[0]
      return total, *(jax.grad(lambda p, i=i: domain(p)[i])(g.params) for i in range(2))
    fake = cogan.generate(g, g.params, z)[0]
    total = jax.grad(lambda p: cogan.discriminator_loss(p, batch['x'], fake)[0])(d.params)
    domain = lambda p: per_domain_losses(cogan, state, g.params, p, z, batch['x'])[1]
    return total, *(jax.grad(lambda p, i=i: domain(p)[i])(d.params) for i in range(2))

  total, grad_a, grad_b = gradients()
  for grads in (grad_a, grad_b):  # Both GANs reach every shared array.
    assert all(np.abs(leaf).max() > 0 for leaf in jax.tree.leaves(grads['shared']))
  chex.assert_trees_all_close(total['shared'], jax.tree.map(jnp.add, grad_a['shared'], grad_b['shared']),
                              rtol=1e-5, atol=1e-7)
  chex.assert_trees_all_close(total['own_a'], grad_a['own_a'], rtol=1e-5, atol=1e-7)
  chex.assert_trees_all_close(total['own_b'], grad_b['own_b'], rtol=1e-5, atol=1e-7)
  assert all(np.all(leaf == 0) for leaf in jax.tree.leaves((grad_a['own_b'], grad_b['own_a'])))


def test_joint_samples_share_z_across_domains(setup):
  cogan, _, state = setup
  samples = cogan.sample(state, jax.random.key(3), 5)
  chex.assert_shape(samples, (5, 8, 8, 2))
  assert np.all(np.abs(samples) <= 1)
  z = cogan.latents(jax.random.key(4), 3)
  np.testing.assert_array_equal(cogan.decode(state, z), cogan.decode(state, z))
  g = state.players['generator']

  def decode_with(part: str) -> jax.Array:
    params = {**g.params, part: jax.tree.map(lambda p: p + 0.5, g.params[part])}
    return cogan.decode(state.replace(players={**state.players, 'generator': g.replace(params=params)}), z)

  before, own_b_changed, shared_changed = cogan.decode(state, z), decode_with('own_b'), decode_with('shared')
  np.testing.assert_array_equal(own_b_changed[..., 0], before[..., 0])
  assert not np.allclose(own_b_changed[..., 1], before[..., 1])
  assert not np.allclose(shared_changed[..., 0], before[..., 0])
  assert not np.allclose(shared_changed[..., 1], before[..., 1])
  with pytest.raises(GenjaxError, match='unconditional'):
    cogan.sample(state, jax.random.key(3), 2, label=1)


def test_losses_stay_finite_and_both_players_move(setup):
  cogan, batch, state = setup
  step = jax.jit(cogan.train_step)
  new = state
  for i in range(3):
    new, metrics = step(new, batch, jax.random.key(10 + i))
    assert set(metrics) == {'d_loss', 'd_real', 'd_fake', 'g_loss'}
    assert all(np.isfinite(v) for v in metrics.values())
  for player in cogan.players:
    assert any(not np.array_equal(a, b) for a, b in zip(jax.tree.leaves(state.players[player].params),
                                                       jax.tree.leaves(new.players[player].params)))


@pytest.mark.parametrize('spec, overrides, message', [
    (PAIRS, {'loss': 'relativistic'}, "loss 'relativistic'"),
    (PAIRS, {'g_features': (8,)}, 'g_features needs >= 2'),
    (PAIRS, {'d_features': ()}, 'd_features needs >= 1'),
    (PAIRS, {'latent_dim': 0}, 'latent_dim must hold positive integers'),
    (DataSpec('image', (8, 8, 2), (0.0, 1.0), 0, 17), {}, "range 'signed'"),
    (DataSpec('image', (8, 8, 1), (-1.0, 1.0), 0, 17), {}, 'two-domain images'),
])
def test_bad_settings(spec, overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_cogan(spec, **overrides)
