"""ELBO and IWAE bounds against closed forms and numerical integration; their invariances."""
import functools
import math

import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest
from jax.scipy.stats import norm
from scipy import stats

from genjax.config import optimizer_config
from genjax.data.spec import DataSpec
from genjax.methods.vae import VAE, model_config
from genjax.metrics import likelihood
from genjax.metrics.likelihood import bits_per_dim, evaluate_likelihood, iwae_bound, log_likelihood_bounds

# Linear-Gaussian model: z ~ N(0, 1), x | z ~ N(A z + B, S² I); log p(x) = log N(x; B, S² I + A Aᵀ).
A, B, S = np.array([1.5, -0.5, 2.0]), np.array([0.3, 0.0, -1.0]), 0.5
SPEC = DataSpec(kind='image', shape=(4, 4, 1), value_range=(0.0, 1.0), num_classes=0, levels=256)


def linear_gaussian_data(num: int) -> np.ndarray:
  rng = np.random.default_rng(0)
  return rng.normal(size=(num, 1)) * A + B + S * rng.normal(size=(num, 3))


def exact_log_likelihood(x: np.ndarray) -> np.ndarray:
  return stats.multivariate_normal(B, S**2 * np.eye(3) + np.outer(A, A)).logpdf(x)


def linear_gaussian_log_weights(shift: float = 0.0, widen: float = 1.0):
  """log p(x, z) - log q(z | x) with q the exact posterior, its mean shifted and its std widened."""
  def log_weights(x, key, num_samples):
    var = 1.0 / (1.0 + A @ A / S**2)
    mean = var * ((x - B) @ A) / S**2 + shift
    std = np.sqrt(var) * widen
    z = mean[:, None] + std * jax.random.normal(key, (x.shape[0], num_samples))
    log_likelihood = norm.logpdf(x[:, None, :], A * z[..., None] + B, S).sum(-1)
    return norm.logpdf(z) + log_likelihood - norm.logpdf(z, mean[:, None], std)
  return log_weights


def bounds(log_weights, x, num_samples, chunk=100, seed=0):
  fn = jax.jit(functools.partial(log_likelihood_bounds, log_weights, num_samples=num_samples,
                                 chunk=chunk))
  return fn(jnp.asarray(x, jnp.float32), jax.random.key(seed))


def test_exact_posterior_gives_log_likelihood_for_any_k():
  x = linear_gaussian_data(5)
  result = bounds(linear_gaussian_log_weights(), x, num_samples=3)
  exact = exact_log_likelihood(x)
  chex.assert_trees_all_close(result, {'elbo': exact, 'iwae': exact}, atol=1e-4)


def test_iwae_5000_reaches_log_likelihood_from_a_poor_proposal():
  x = linear_gaussian_data(4)
  result = bounds(linear_gaussian_log_weights(shift=0.2, widen=1.5), x, num_samples=5000, chunk=500)
  exact = exact_log_likelihood(x)
  np.testing.assert_allclose(result['iwae'], exact, atol=0.05)
  assert np.all(result['elbo'] < exact - 0.3)


def test_bound_rises_with_k_in_expectation_and_iwae_is_above_elbo():
  x = linear_gaussian_data(256)
  log_weights = linear_gaussian_log_weights(shift=0.2, widen=1.5)
  means = []
  for k in (1, 8, 64):
    result = bounds(log_weights, x, num_samples=k, seed=k)
    assert np.all(result['iwae'] >= result['elbo'] - 1e-5)  # Jensen, sample by sample.
    means.append(float(result['iwae'].mean()))
  assert np.all(np.diff(means) > 0.01), means


def test_chunk_size_changes_nothing():
  x = linear_gaussian_data(6)
  log_weights = linear_gaussian_log_weights(shift=0.3, widen=1.5)
  # 8 chunks of 5, the last with 3 padded samples, against one chunk of 37.
  chex.assert_trees_all_close(bounds(log_weights, x, num_samples=37, chunk=5),
                              bounds(log_weights, x, num_samples=37, chunk=37), atol=1e-5)


def test_sample_i_of_example_n_uses_its_own_key():
  """Example n's sample i: fold_in(fold_in(key, n), i), whatever the batch the example is in."""
  x, key = jnp.zeros((3, 2)), jax.random.key(7)
  result = iwae_bound(lambda x, key, n: jax.random.normal(key, (x.shape[0], n)), x, key, 4, chunk=3,
                      first_index=5)
  expected = [jax.nn.logsumexp(jnp.array([
      jax.random.normal(jax.random.fold_in(jax.random.fold_in(key, n), i), (1, 1))[0, 0]
      for i in range(4)])) - math.log(4) for n in (5, 6, 7)]
  np.testing.assert_allclose(result, expected, atol=1e-6)


def test_bits_per_dim():
  assert bits_per_dim(784 * math.log(2) * 1.5, 784) == pytest.approx(1.5)


def make_vae(likelihood: str) -> VAE:
  model = model_config()
  model.update(hidden=(32,), latent_dim=1, likelihood=likelihood, recon_weight=8.0)
  return VAE(model, ml_collections.ConfigDict({'vae': optimizer_config()}), SPEC)


def one_dimensional_images(likelihood: str, num: int) -> np.ndarray:
  """Images on a 1-D manifold: pixel means sigmoid(3 (t u + v)), t ~ N(0, 1)."""
  rng = np.random.default_rng(1)
  u, v = rng.normal(size=(2, 16))
  means = 1 / (1 + np.exp(-3 * (rng.normal(size=(num, 1)) * u + v)))
  if likelihood == 'bernoulli':
    x = rng.random(means.shape) < means
  else:
    x = means + 0.1 * rng.normal(size=means.shape)
  return x.astype(np.float32).reshape(num, *SPEC.shape)


@functools.cache
def trained_vae(likelihood: str) -> tuple[VAE, dict, np.ndarray]:
  vae, x = make_vae(likelihood), one_dimensional_images(likelihood, 128)
  state = vae.init(jax.random.key(0), {'x': x})
  step = jax.jit(vae.train_step)
  for i in range(100):
    state, _ = step(state, {'x': x}, jax.random.key(i))
  return vae, state.players['vae'].params, x


def integrated_log_likelihood(vae: VAE, params: dict, x: np.ndarray) -> np.ndarray:
  """log ∫ p(x|z) p(z) dz by a Riemann sum over a fine grid of the 1-D latent."""
  z = np.linspace(-10, 10, 20001, dtype=np.float32)
  out = vae.decoder.apply({'params': params['decoder']}, z[:, None])
  out = np.asarray(out, np.float64).reshape(len(z), -1)
  flat = x.reshape(len(x), 1, -1).astype(np.float64)
  if vae.model.likelihood == 'bernoulli':
    log_lik = (flat * -np.logaddexp(0, -out) + (1 - flat) * -np.logaddexp(0, out)).sum(-1)
  else:  # σ² = 1/(2C): -C ||x - f(z)||² - D/2 log(π / C).
    c = vae.model.recon_weight
    log_lik = -c * np.square(flat - out).sum(-1) - 0.5 * flat.shape[-1] * np.log(np.pi / c)
  integrand = log_lik + stats.norm.logpdf(z.astype(np.float64))
  return np.logaddexp.reduce(integrand, axis=1) + np.log(z[1] - z[0])


@pytest.mark.parametrize('likelihood', ['bernoulli', 'gaussian'])
def test_vae_iwae_5000_matches_numerical_integration(likelihood):
  vae, params, x = trained_vae(likelihood)
  x = x[:4]
  log_weights = functools.partial(vae.log_importance_weights, params)
  chex.assert_shape(jax.eval_shape(functools.partial(log_weights, num_samples=6), x, jax.random.key(3)),
                    (4, 6))
  result = bounds(log_weights, x, num_samples=5000, chunk=1000)
  exact = integrated_log_likelihood(vae, params, x)
  np.testing.assert_allclose(result['iwae'], exact, atol=0.05)
  assert np.all(result['elbo'] < result['iwae'])


def test_evaluate_likelihood_does_not_depend_on_batch_size():
  vae, params, x = trained_vae('gaussian')
  x = x[:10]
  key = jax.random.key(4)
  whole = evaluate_likelihood(vae, params, x, key, num_samples=20, batch_size=10, chunk=8)
  batched = evaluate_likelihood(vae, params, x, key, num_samples=20, batch_size=3, chunk=8, levels=256)
  for name in ('elbo', 'iwae', 'nll_nats'):
    assert batched[name] == pytest.approx(whole[name], rel=1e-6)
  assert whole['nll_nats'] == -whole['iwae'] and whole['elbo'] < whole['iwae']
  assert (whole['num_samples'], whole['count']) == (20, 10)
  assert whole['bits_per_dim'] == pytest.approx(whole['nll_nats'] / (16 * math.log(2)))
  assert batched['bits_per_dim'] == pytest.approx(whole['bits_per_dim'] + 8, rel=1e-6)  # + log2(256).


def test_evaluate_likelihood_gives_the_same_bits_in_one_dispatch_or_many(monkeypatch):
  """A large k goes in bounded dispatches (so a stop lands within seconds) without changing a bit."""
  vae, params, x = trained_vae('gaussian')
  x, key = x[:6], jax.random.key(5)
  one = evaluate_likelihood(vae, params, x, key, num_samples=21, batch_size=6, chunk=4)
  monkeypatch.setattr(likelihood, 'CHUNKS_PER_DISPATCH', 2)
  dispatches = []
  monkeypatch.setattr(jax, 'block_until_ready', lambda value: dispatches.append(value) or value)
  many = evaluate_likelihood(vae, params, x, key, num_samples=21, batch_size=6, chunk=4)
  assert len(dispatches) == 3  # 21 samples in spans of 2 chunks of 4.
  assert many == one
  whole = bounds(functools.partial(vae.log_importance_weights, params), x, num_samples=21, chunk=4, seed=5)
  assert one['iwae'] == pytest.approx(np.asarray(whole['iwae'], np.float64).mean(), rel=1e-6)


def test_on_the_cpu_the_likelihood_program_takes_its_xla_options():
  """This XLA knows the option that keeps YNNPACK from fusing the pixel sums with the decoder."""
  assert jax.default_backend() != 'cpu' or likelihood._compiler_options() == likelihood._CPU_OPTIONS
