"""The VAE's loss terms against hand computations, for both decoders and both net families."""
import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.core.optim import optimizer_config
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.vae import VAE, model_config

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
])
def test_bad_model_settings(overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_vae(**overrides)


def test_bernoulli_needs_unit_range():
  model = model_config()
  signed = DataSpec('image', (8, 8, 1), (-1.0, 1.0), 0, 17)
  with pytest.raises(GenjaxError, match="range 'unit'"):
    VAE(model, ml_collections.ConfigDict({'vae': optimizer_config()}), signed)
