"""Variational autoencoder (Kingma & Welling 2014) and its options.

Objective (model.objective):
  elbo  per example −log p(x|z) + β·KL(q(z|x) || p(z)), one reparameterized z (Eq. 10 of the
        paper). With model.capacity C > 0: −log p(x|z) + β·|KL − C| per example, the controlled
        capacity of Burgess et al. 2018, C growing linearly from 0 over model.capacity_steps steps
        (0: C from the start).
  iwae  −L_k, the k-sample importance-weighted bound (Burda et al. 2016, Eq. 8), k =
        model.iwae_samples; with k = 1 it is the one-sample ELBO with a Monte Carlo KL (same z).
Likelihood p(x|z) (model.likelihood):
  bernoulli         decoder logits; images in [0, 1].
  gaussian          means with a fixed σ² = 1/(2C), C = model.recon_weight: the reconstruction term
                    is the course's C·||x − f(z)||² (the logged ELBO keeps the Gaussian's constant).
  gaussian_learned  means with one learned log σ shared by all pixels (a per-pixel σ collapses on
                    MNIST's constant border pixels and the likelihood diverges), starting at σ = 1.
  logistic          discretized logistic (Salimans et al. 2017, Eq. 2) for images of the data's
                    quantization levels, locations from the decoder, one learned log-scale shared
                    by all pixels, starting at 0. Needs data on the levels' grid (no dequantize).
Prior p(z) (model.prior): 'standard', 'mixture' or 'vamp' (genjax.methods.vae_priors). The standard normal's
KL is analytic; the others' is log q(z|x) − log p(z) at the sampled z, unbiased (but |KL − C| of
it is not: the capacity is meant for the standard prior).
Nets (model.encoder, model.decoder): 'mlp', or 'conv' on DCGAN's stacks, which keep its guidelines
(strided convolutions, no pooling or hidden dense layers, LeakyReLU down and ReLU up) but for two:
no batch norm, and a linear output, the likelihood's parameter, where DCGAN has tanh.
"""
import math

import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses
from genjax.core.optim import player_optimizers
from genjax.core.rng import stream
from genjax.core.state import TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice, choose
from genjax.methods import vae_priors
from genjax.methods.autoencoder import build_nets, init_nets, net_config
from genjax.methods.base import check_bernoulli_data, float32, unconditional

LIKELIHOODS = ('bernoulli', 'gaussian', 'gaussian_learned', 'logistic')
LEARNED_SCALE = ('gaussian_learned', 'logistic')
OBJECTIVES = ('elbo', 'iwae')


def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(dict(
      net_config(), likelihood='bernoulli', recon_weight=1.0, beta=1.0, capacity=0.0, capacity_steps=0,
      objective='elbo', iwae_samples=5, prior='standard', prior_components=10))


def check_model(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  """Rejects model settings outside their domain or that do not fit the data."""
  check_choice('model.likelihood', model.likelihood, LIKELIHOODS)
  check_choice('model.objective', model.objective, OBJECTIVES)
  check_bernoulli_data('model.likelihood', model.likelihood, spec)
  if model.likelihood == 'logistic' and (spec.kind != 'image' or spec.levels < 2):
    raise GenjaxError("model.likelihood 'logistic' needs quantized images")
  if not model.recon_weight > 0 or model.beta < 0 or model.capacity < 0 or model.capacity_steps < 0:
    raise GenjaxError('model.recon_weight must be > 0; model.beta, capacity and capacity_steps >= 0')
  if model.iwae_samples < 1 or model.prior_components < 1:
    raise GenjaxError('model.iwae_samples and model.prior_components must be >= 1')
  if model.objective == 'iwae' and (model.beta != 1 or model.capacity):
    raise GenjaxError("model.beta and model.capacity belong to the 'elbo' objective (set beta=1, capacity=0)")


class VAE:
  players = ('vae',)
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    check_model(model, spec)
    self.spec, self.model = spec, model
    self.encoder, self.decoder = build_nets(model, spec, dtype)
    self.prior = choose('model.prior', model.prior, {
        'standard': lambda: vae_priors.StandardPrior(model.latent_dim),
        'mixture': lambda: vae_priors.MixturePrior(model.latent_dim, model.prior_components),
        'vamp': lambda: vae_priors.VampPrior(model.prior_components, spec.shape, spec.value_range)})()
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    params = init_nets(self.encoder, self.decoder, key, batch['x'], self.model.latent_dim)
    params['prior'] = self.prior.init(stream(key, 'prior'), self.encode_with(params)).get('params', {})
    if self.model.likelihood in LEARNED_SCALE:
      params['log_scale'] = jnp.zeros(())
    player = new_player({'params': params}, self.optimizers['vae'], self.ema_decay['vae'])
    return new_state({'vae': player})

  def encode_with(self, params: dict):
    """x -> (mean, logvar) of q(z|x) under the encoder parameters in `params`."""
    return lambda x: float32(self.encoder.apply({'params': params['encoder']}, x))

  def codes(self, params: dict, x: jax.Array) -> jax.Array:
    """The code of x: the mean of q(z|x), [B, latent_dim]."""
    return self.encode_with(params)(x)[0]

  def prior_mixture(self, params: dict) -> vae_priors.GaussianMixture:
    return self.prior.apply({'params': params['prior']}, self.encode_with(params))

  def log_likelihood(self, params: dict, output: jax.Array, x: jax.Array) -> jax.Array:
    """log p(x|z) per example from the decoder's output (logits, means or locations)."""
    if self.model.likelihood == 'bernoulli':
      return losses.bernoulli_log_likelihood(output, x)
    if self.model.likelihood == 'gaussian':
      return losses.gaussian_log_likelihood(output, x, sigma=(0.5 / self.model.recon_weight) ** 0.5)
    if self.model.likelihood == 'gaussian_learned':
      return losses.gaussian_log_likelihood(output, x, sigma=jnp.exp(params['log_scale']))
    return losses.discretized_logistic_log_likelihood(output, params['log_scale'], x, self.spec.levels,
                                                      self.spec.value_range)

  def posterior_draws(self, params: dict, x: jax.Array, key: jax.Array, num_samples: int) -> dict:
    """`num_samples` reparameterized z ~ q(z|x) per example, drawn with `key`, and their densities.

    Returns the posterior 'mean' and 'logvar' [B, D]; per draw (example-major, [B * num_samples]):
    decoder 'output', 'log_likelihood' log p(x|z), 'log_posterior' log q(z|x), 'log_prior' log p(z).
    Every objective and bound goes through here, so the same key gives the same z everywhere.
    """
    mean, logvar = self.encode_with(params)(x)
    draw_mean, draw_std = (jnp.repeat(v, num_samples, axis=0) for v in (mean, jnp.exp(0.5 * logvar)))
    z = draw_mean + draw_std * jax.random.normal(key, draw_mean.shape)
    output = float32(self.decoder.apply({'params': params['decoder']}, z))
    return {'mean': mean, 'logvar': logvar, 'output': output,
            'log_likelihood': self.log_likelihood(params, output, jnp.repeat(x, num_samples, axis=0)),
            'log_posterior': losses.gaussian_log_likelihood(draw_mean, z, sigma=draw_std),
            'log_prior': self.prior_mixture(params).log_density(z)}

  def log_importance_weights(self, params: dict, x: jax.Array, key: jax.Array,
                             num_samples: int) -> jax.Array:
    """log p(x, z_i) − log q(z_i|x) for z_i ~ q(z|x), [B, num_samples] nats: the weights of the
    IWAE bound (Burda et al. 2016, Eq. 8) under the model's likelihood and prior."""
    draws = self.posterior_draws(params, x, key, num_samples)
    log_weights = draws['log_likelihood'] + draws['log_prior'] - draws['log_posterior']
    return log_weights.reshape(-1, num_samples)

  def terms(self, params: dict, x: jax.Array, key: jax.Array,
            capacity: float | jax.Array | None = None) -> dict[str, jax.Array]:
    """Per-example loss and bounds (nats). 'elbo': also the reconstruction term and KL, with one
    z; 'iwae': L_k and the mean log weight (an ELBO estimate). `capacity` overrides model.capacity."""
    if self.model.objective == 'iwae':
      log_weights = self.log_importance_weights(params, x, key, self.model.iwae_samples)
      iwae = jax.nn.logsumexp(log_weights, axis=1) - math.log(self.model.iwae_samples)
      return {'loss': -iwae, 'iwae': iwae, 'elbo': log_weights.mean(axis=1)}
    draws = self.posterior_draws(params, x, key, 1)
    if self.model.prior == 'standard':
      kl = losses.gaussian_kl_to_standard(draws['mean'], draws['logvar'])
    else:
      kl = draws['log_posterior'] - draws['log_prior']
    if self.model.likelihood == 'gaussian':  # The course's C·||x − f(z)||²: no constant.
      recon = self.model.recon_weight * losses.squared_error(draws['output'], x)
    else:
      recon = -draws['log_likelihood']
    capacity = self.model.capacity if capacity is None else capacity
    penalty = jnp.abs(kl - capacity) if self.model.capacity else kl
    return {'loss': recon + self.model.beta * penalty, 'elbo': draws['log_likelihood'] - kl,
            'recon': recon, 'kl': kl}

  def capacity_at(self, step: jax.Array) -> jax.Array:
    """C at `step`: model.capacity reached linearly over model.capacity_steps steps."""
    ramp = jnp.minimum(1.0, step / float(self.model.capacity_steps)) if self.model.capacity_steps else 1.0
    return self.model.capacity * ramp

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    player = state.players['vae']
    capacity = self.capacity_at(state.step)

    def loss_fn(params):
      terms = jax.tree.map(jnp.mean, self.terms(params, batch['x'], key, capacity))
      return terms['loss'], terms

    grads, metrics = jax.grad(loss_fn, has_aux=True)(player.params)
    player = apply_gradients(player, grads, self.optimizers['vae'], ema_decay=self.ema_decay['vae'])
    return state.replace(players={'vae': player}), metrics

  def cluster(self, state: TrainState, x: jax.Array) -> jax.Array:
    """The prior component k with the highest responsibility p(k | z) at z = the mean of q(z|x), [B],
    under the sampling weights (EMA when kept)."""
    if self.model.prior == 'standard':
      raise GenjaxError("clustering needs a mixture prior: model.prior 'mixture' or 'vamp'")
    params = self.sampling_params(state)
    return jnp.argmax(self.prior_mixture(params).component_log_joints(self.codes(params, x)), axis=1)

  def sampling_params(self, state: TrainState) -> dict:
    return state.players['vae'].variables(use_ema=True)['params']

  def encode(self, state: TrainState, x: jax.Array) -> jax.Array:
    """Codes (posterior means) under the sampling weights, for latent-space pictures."""
    return self.codes(self.sampling_params(state), x)

  def decode(self, state: TrainState, z: jax.Array) -> jax.Array:
    return self.decode_mean(self.sampling_params(state), z)

  def decode_mean(self, params: dict, z: jax.Array) -> jax.Array:
    """The likelihood's mean (the logistic's location clipped to the data's range)."""
    output = float32(self.decoder.apply({'params': params['decoder']}, z))
    if self.model.likelihood == 'bernoulli':
      return jax.nn.sigmoid(output)
    return jnp.clip(output, *self.spec.value_range) if self.model.likelihood == 'logistic' else output

  def prior_sample(self, state: TrainState, key: jax.Array, num: int) -> jax.Array:
    """z ~ p(z), [num, latent_dim], from the prior the run learned (N(0, I), mixture or VampPrior)."""
    return self.prior_mixture(self.sampling_params(state)).sample(key, num)

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """Decoder means at z ~ p(z)."""
    unconditional(label)
    return self.decode(state, self.prior_sample(state, key, num))
