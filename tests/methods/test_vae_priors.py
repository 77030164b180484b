"""Priors as Gaussian mixtures: densities against scipy, the Monte Carlo KL against quadrature."""
import chex
import jax
import jax.numpy as jnp
import numpy as np
from scipy import integrate, special, stats

from genjax.methods.vae_priors import GaussianMixture, MixturePrior, StandardPrior, VampPrior

MIXTURE = GaussianMixture(logits=jnp.array([0.5, -1.0, 0.0]), means=jnp.array([[-3.0], [0.0], [2.5]]),
                          logvars=jnp.array([[-1.0], [0.5], [-2.0]]))


def mixture_pdf(z: np.ndarray) -> np.ndarray:
  weights = special.softmax(np.asarray(MIXTURE.logits))
  stds = np.exp(0.5 * np.asarray(MIXTURE.logvars[:, 0]))
  return sum(w * stats.norm.pdf(z, m, s) for w, m, s in zip(weights, MIXTURE.means[:, 0], stds))


def test_log_density_matches_scipy():
  z = np.linspace(-6, 6, 13, dtype=np.float32)[:, None]
  np.testing.assert_allclose(jax.jit(MIXTURE.log_density)(z), np.log(mixture_pdf(z[:, 0])), rtol=1e-5, atol=1e-5)


def test_standard_prior_is_the_standard_normal():
  mixture = StandardPrior(4).apply({}, None)
  z = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
  np.testing.assert_allclose(jax.jit(mixture.log_density)(z), stats.norm.logpdf(z).sum(axis=1), rtol=1e-5)


def test_monte_carlo_kl_is_unbiased():
  """mean of log q(z) − log p(z), z ~ q, against KL(q || p) by quadrature (1-D: q = N(0.5, 0.8²))."""
  q_mean, q_std = 0.5, 0.8
  z = q_mean + q_std * np.random.default_rng(1).normal(size=(200_000, 1)).astype(np.float32)
  estimates = stats.norm.logpdf(z[:, 0], q_mean, q_std) - np.asarray(jax.jit(MIXTURE.log_density)(z))
  q = lambda v: stats.norm.pdf(v, q_mean, q_std)
  exact, _ = integrate.quad(lambda v: q(v) * (np.log(q(v)) - np.log(mixture_pdf(v))), -8, 9)
  stderr = estimates.std() / np.sqrt(len(estimates))
  assert abs(estimates.mean() - exact) < 4 * stderr, (estimates.mean(), exact, stderr)


def test_samples_follow_the_mixing_weights():
  separated = MIXTURE._replace(means=jnp.array([[-20.0, 0.0], [0.0, 0.0], [20.0, 0.0]]),
                               logvars=jnp.zeros((3, 2)))
  z = np.asarray(jax.jit(separated.sample, static_argnums=1)(jax.random.key(0), 20_000))
  chex.assert_shape(z, (20_000, 2))
  component = np.digitize(z[:, 0], [-10, 10])
  np.testing.assert_allclose(np.bincount(component, minlength=3) / len(z), special.softmax(MIXTURE.logits),
                             atol=0.015)
  np.testing.assert_allclose(z[component == 1].std(axis=0), [1.0, 1.0], atol=0.05)


def test_mixture_prior_parameters():
  params = MixturePrior(latent_dim=2, num_components=7).init(jax.random.key(0), None)['params']
  chex.assert_shape([params['logits'], params['means'], params['logvars']], [(7,), (7, 2), (7, 2)])


def test_vamp_prior_is_the_encoders_posteriors_at_clipped_pseudo_inputs():
  def encode(x):  # a stand-in encoder: mean = pixel sum, logvar = −pixel sum
    total = x.reshape(x.shape[0], -1).sum(axis=1, keepdims=True)
    return total, -total

  prior = VampPrior(num_components=5, shape=(2, 2, 1), value_range=(0.0, 1.0))
  params = prior.init(jax.random.key(0), encode)['params']
  pseudo_inputs = params['pseudo_inputs']
  assert np.all(np.abs(pseudo_inputs - 0.05) < 0.06)
  pseudo_inputs = pseudo_inputs.at[0].set(2.0)  # clipped to 1 inside the prior
  mixture = prior.apply({'params': {'pseudo_inputs': pseudo_inputs}}, encode)
  expected = np.clip(pseudo_inputs, 0, 1).reshape(5, -1).sum(axis=1)
  np.testing.assert_allclose(mixture.means[:, 0], expected, rtol=1e-6)
  np.testing.assert_allclose(mixture.logvars[:, 0], -expected, rtol=1e-6)
  np.testing.assert_allclose(mixture.logits, 0.0)
