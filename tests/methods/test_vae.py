"""The VAE's loss terms against hand computations, for both decoders and both net families."""
import functools

import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest
from scipy import special, stats

from genjax.config import optimizer_config
from genjax.core.state import PlayerState, jit_init, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.losses import bernoulli_log_likelihood
from genjax.methods.vae import VAE, model_config
from genjax.tools import restore

SPEC = DataSpec(kind='image', shape=(8, 8, 1), value_range=(0.0, 1.0), num_classes=0, levels=17)


def make_vae(**model_overrides) -> VAE:
  model = model_config()
  model.update(dict(hidden=(16,), features=(8, 16), latent_dim=3, **model_overrides))
  return VAE(model, ml_collections.ConfigDict({'vae': optimizer_config()}), SPEC)


@pytest.mark.parametrize('likelihood, c, beta', [('bernoulli', 1.0, 1.0), ('gaussian', 4.0, 0.5)])
@pytest.mark.parametrize('net', ['mlp', 'conv'])
def test_terms_match_the_formulas(likelihood, c, beta, net):
  vae = make_vae(likelihood=likelihood, recon_weight=c, beta=beta, encoder=net, decoder=net)
  x = jax.random.uniform(jax.random.key(0), (5, *SPEC.shape))
  params = vae.init(jax.random.key(1), {'x': x}).players['vae'].params
  key = jax.random.key(2)
  terms = vae.terms(params, x, key)
  mean, logvar = vae.encoder.apply({'params': params['encoder']}, x)
  z = mean + jnp.exp(0.5 * logvar) * jax.random.normal(key, mean.shape)
  out = vae.decoder.apply({'params': params['decoder']}, z).reshape(5, -1)
  flat = x.reshape(5, -1)
  kl = 0.5 * jnp.sum(jnp.exp(logvar) + mean**2 - 1 - logvar, axis=1)
  if likelihood == 'bernoulli':
    p = jax.nn.sigmoid(out)
    log_lik = jnp.sum(flat * jnp.log(p) + (1 - flat) * jnp.log1p(-p), axis=1)
    recon = -log_lik
  else:  # C·||x − f(z)||², and the Gaussian log-density with σ² = 1/(2C).
    sq = jnp.sum((flat - out)**2, axis=1)
    recon = c * sq
    log_lik = -c * sq - 0.5 * flat.shape[1] * jnp.log(jnp.pi / c)
  chex.assert_trees_all_close(terms, {'loss': recon + beta * kl, 'elbo': log_lik - kl,
                                      'recon': recon, 'kl': kl}, rtol=1e-4, atol=1e-4)


def test_training_raises_the_elbo():
  vae = make_vae()
  x = (jax.random.uniform(jax.random.key(0), (64, *SPEC.shape)) > 0.5).astype(jnp.float32)
  state = vae.init(jax.random.key(1), {'x': x})
  step = jax.jit(vae.train_step)
  first = step(state, {'x': x}, jax.random.key(5))[1]['elbo']
  for i in range(60):
    state, metrics = step(state, {'x': x}, jax.random.key(i))
  assert metrics['elbo'] > first + 5


def test_samples_are_probabilities_for_bernoulli():
  vae = make_vae()
  state = vae.init(jax.random.key(0), SPEC.example_batch(2))
  samples = vae.sample(state, jax.random.key(1), 7)
  chex.assert_shape(samples, (7, *SPEC.shape))
  assert np.all((samples >= 0) & (samples <= 1))


@pytest.mark.parametrize('overrides, message', [
    ({'likelihood': 'laplace'}, "likelihood 'laplace'"),
    ({'encoder': 'transformer'}, "encoder 'transformer'"),
    ({'beta': -1.0}, 'beta'),
    ({'prior': 'flow'}, "prior 'flow'"),
    ({'objective': 'iwae', 'beta': 2.0}, "'elbo' objective"),
    ({'iwae_samples': 0}, 'iwae_samples'),
    ({'capacity': -1.0}, 'capacity'),
])
def test_bad_model_settings(overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_vae(**overrides)


def test_bernoulli_needs_unit_range():
  model = model_config()
  signed = DataSpec('image', (8, 8, 1), (-1.0, 1.0), 0, 17)
  with pytest.raises(GenjaxError, match="range 'unit'"):
    VAE(model, ml_collections.ConfigDict({'vae': optimizer_config()}), signed)


@functools.cache
def initialized(**model_overrides) -> tuple[VAE, dict]:
  """A VAE and its initial parameters, shared by the tests that only read them."""
  vae = make_vae(**model_overrides)
  return vae, jit_init(vae.init)(jax.random.key(1), SPEC.example_batch(1)).players['vae'].params


def binary_digits(num: int) -> jax.Array:
  return (jax.random.uniform(jax.random.key(0), (num, *SPEC.shape)) > 0.5).astype(jnp.float32)


def test_iwae_with_one_sample_is_the_elbo_of_the_same_z():
  """With a Monte Carlo KL (a mixture prior) the k = 1 IWAE loss is the ELBO loss, term for term."""
  elbo_vae, params = initialized(prior='mixture')
  iwae_vae = make_vae(prior='mixture', objective='iwae', iwae_samples=1)
  x, key = binary_digits(6), jax.random.key(3)

  @jax.jit
  def both(params):
    return (elbo_vae.terms(params, x, key), iwae_vae.terms(params, x, key),
            elbo_vae.log_importance_weights(params, x, key, 1))

  elbo, iwae, log_weights = both(params)
  np.testing.assert_allclose(iwae['loss'], elbo['loss'], rtol=1e-6)
  np.testing.assert_allclose(iwae['iwae'], elbo['elbo'], rtol=1e-6)
  np.testing.assert_allclose(iwae['loss'], -log_weights[:, 0], rtol=1e-6)


def test_iwae_bound_grows_with_k():
  """L_k estimated from 2,400 log weights per example, in groups of k: L_1 (the ELBO) < L_4 < L_40."""
  vae, params = initialized()
  log_w = np.asarray(jax.jit(vae.log_importance_weights, static_argnums=3)(
      params, binary_digits(4), jax.random.key(4), 2400))
  bounds, errors = [], []
  for k in (1, 4, 40):
    groups = special.logsumexp(log_w.reshape(4, -1, k), axis=2) - np.log(k)  # [B, 2400 / k]
    bounds.append(groups.mean())
    errors.append(groups.mean(axis=0).std() / np.sqrt(groups.shape[1]))
  assert bounds[0] + 3 * (errors[0] + errors[1]) < bounds[1]
  assert bounds[1] + 3 * (errors[1] + errors[2]) < bounds[2]


def test_vamp_prior_enters_the_importance_weights():
  """log w = log p(x|z) + log p(z) − log q(z|x) with p(z) = 1/K Σ_k q(z|u_k), recomputed by hand."""
  vae, params = initialized(prior='vamp', prior_components=4)
  x, key = binary_digits(3), jax.random.key(5)

  @jax.jit
  def by_nets(params):
    mean, logvar = vae.encoder.apply({'params': params['encoder']}, x)
    z = mean + jnp.exp(0.5 * logvar) * jax.random.normal(key, mean.shape)
    log_likelihood = bernoulli_log_likelihood(vae.decoder.apply({'params': params['decoder']}, z), x)
    u = jnp.clip(params['prior']['pseudo_inputs'], 0, 1)
    return (mean, logvar, z, log_likelihood, *vae.encoder.apply({'params': params['encoder']}, u),
            vae.log_importance_weights(params, x, key, 1))

  mean, logvar, z, log_likelihood, u_mean, u_logvar, log_weights = by_nets(params)
  log_q = lambda m, lv: stats.norm.logpdf(np.asarray(z)[:, None], m, np.exp(0.5 * lv)).sum(-1)
  log_prior = special.logsumexp(log_q(u_mean[None], u_logvar[None]), axis=1) - np.log(4)
  expected = log_likelihood + log_prior - log_q(mean[:, None], logvar[:, None])[:, 0]
  np.testing.assert_allclose(log_weights[:, 0], expected, rtol=1e-4)


@pytest.mark.parametrize('likelihood', ['gaussian_learned', 'logistic'])
def test_learned_scale_gets_a_gradient(likelihood):
  vae, params = make_vae(likelihood=likelihood), dict(initialized()[1], log_scale=jnp.zeros(()))
  x = jnp.round(jax.random.uniform(jax.random.key(0), (4, *SPEC.shape)) * 16) / 16
  grad = jax.jit(jax.grad(lambda p: vae.terms(p, x, jax.random.key(2))['loss'].mean()))(params)
  assert np.isfinite(grad['log_scale']) and abs(grad['log_scale']) > 1e-3


def test_logistic_means_stay_in_range():
  vae, params = make_vae(likelihood='logistic'), initialized()[1]
  params = dict(params, decoder=jax.tree.map(lambda v: 50 * v, params['decoder']))
  means = jax.jit(vae.decode_mean)(params, jax.random.normal(jax.random.key(1), (5, 3)))
  assert np.all((means >= 0) & (means <= 1)) and np.any((means == 0) | (means == 1))


def test_capacity_penalizes_the_distance_of_the_kl_to_c():
  vae = make_vae(likelihood='gaussian', beta=4.0, capacity=25.0, capacity_steps=100)
  x = jax.random.uniform(jax.random.key(0), (4, *SPEC.shape))
  terms = jax.jit(vae.terms)(initialized()[1], x, jax.random.key(2), vae.capacity_at(jnp.array(40)))
  np.testing.assert_allclose(terms['loss'], terms['recon'] + 4.0 * jnp.abs(terms['kl'] - 10.0), rtol=1e-6)
  np.testing.assert_allclose(vae.capacity_at(jnp.array(1000)), 25.0)


def test_cluster_is_the_most_responsible_component():
  vae, params = initialized(prior='mixture')
  state = new_state({'vae': PlayerState(params=params, opt_state=())})
  x = jax.random.uniform(jax.random.key(0), (8, *SPEC.shape))
  clusters, code = jax.jit(lambda state: (vae.cluster(state, x), vae.encode(state, x)))(state)
  chex.assert_shape(clusters, (8,))
  prior = params['prior']
  log_joint = stats.norm.logpdf(np.asarray(code)[:, None], prior['means'], np.exp(0.5 * prior['logvars'])).sum(-1)
  np.testing.assert_array_equal(clusters, (log_joint + special.log_softmax(prior['logits'])).argmax(axis=1))
  with pytest.raises(GenjaxError, match='mixture prior'):
    jax.eval_shape(make_vae().cluster, state, x)


def test_prior_sample_draws_the_learned_prior():
  """`prior_sample` (sampling, and the starts of `genjax restore`) draws the mixture the run learned."""
  vae, params = initialized(prior='mixture')
  params = {**params, 'prior': {**params['prior'], 'means': params['prior']['means'] + 10.0,
                                'logvars': jnp.full_like(params['prior']['logvars'], -4.0)}}
  state = new_state({'vae': PlayerState(params=params, opt_state=())})
  z = restore.prior_latents(vae, state, SPEC.shape, jax.random.key(0), 2000)
  chex.assert_shape(z, (2000, 3))
  nearest = np.abs(np.asarray(z)[:, None] - np.asarray(params['prior']['means'])[None]).max(-1).min(1)
  assert nearest.max() < 1.0  # every draw lies near a component mean (σ = e^-2), none near N(0, I)
