"""GP-VAE (Casale et al. 2018; Fortuin et al. 2020, Sec. 3): a VAE over sequences of frames whose
prior makes each latent dimension's trajectory z_{1:T} a Gaussian process, N(0, K) with
K[s, t] = σ² k(s - t) (model.kernel 'cauchy' or 'rbf', model.length_scale in frames).

Loss per sequence: −Σ_t log p(x_t|z_t) over the observed pixels only (batch['mask'] True) plus
β·KL(q(z_{1:T}|x) || GP prior), the KL in closed form per latent dimension. The encoder sees each
frame with its missing pixels zeroed and the mask as a second channel, mixes `model.window`
neighbouring frames, and gives a Gaussian q(z_t|x) per frame: a posterior independent over time
(the paper's is banded in its precision; this is its diagonal case). model.kernel 'white' with
model.window 1 is the paper's VAE baseline: independent N(0, σ²) frames, a per-frame encoder.
Imputation decodes the posterior mean; its error is the MSE on the missing pixels.
"""
import dataclasses

import flax.linen as nn
import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses, nets
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.autoencoder import build_nets, net_config
from genjax.methods.base import check_bernoulli_data, float32, pick_net, unconditional
from genjax.nets.conv_stacks import DownStack

LIKELIHOODS = ('bernoulli', 'gaussian')


def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(dict(
      net_config(), likelihood='bernoulli', recon_weight=1.0, beta=1.0, kernel='cauchy', length_scale=2.0,
      kernel_variance=1.0, window=3, temporal_features=128))


def check_model(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  """Rejects model settings outside their domain or that do not fit the data."""
  if spec.kind != 'sequence':
    raise GenjaxError(f"the GP-VAE needs sequence data (data.source 'sequences:...'), not {spec.kind}")
  check_choice('model.likelihood', model.likelihood, LIKELIHOODS)
  check_choice('model.kernel', model.kernel, tuple(losses.GP_KERNELS))
  check_bernoulli_data('model.likelihood', model.likelihood, spec, kind='sequence')
  if not (model.recon_weight > 0 and model.length_scale > 0 and model.kernel_variance > 0):
    raise GenjaxError('model.recon_weight, model.length_scale and model.kernel_variance must be > 0')
  if model.beta < 0 or model.window < 1 or model.window % 2 == 0:
    raise GenjaxError('model.beta must be >= 0 and model.window odd and >= 1')


def _flatten(x: jax.Array) -> jax.Array:
  return x.reshape(x.shape[0], -1)


def missing_pixel_mse(frames: jax.Array, x: jax.Array, mask: jax.Array) -> jax.Array:
  """Mean squared error of `frames` against `x` over the missing values (mask False) only."""
  missing = jnp.logical_not(mask)
  return jnp.sum(jnp.where(missing, jnp.square(frames - x), 0.0)) / jnp.maximum(jnp.sum(missing), 1)


class GPVAE:
  players = ('gpvae',)
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    check_model(model, spec)
    self.spec, self.model = spec, model
    frame_spec = dataclasses.replace(spec, kind='image', shape=spec.shape[1:])
    trunk = pick_net(model.encoder, 'encoder', frame_spec, {  # Each frame [N, H, W, 2C] -> [N, F].
        'mlp': lambda: nn.Sequential([_flatten, nets.MLP(tuple(model.hidden), activate_final=True,
                                                         dtype=dtype)]),
        'conv': lambda: DownStack(tuple(model.features), use_batchnorm=False, dtype=dtype)})
    self.encoder = nets.SequenceEncoder(trunk=trunk, latent_dim=model.latent_dim, window=model.window,
                                        features=model.temporal_features, dtype=dtype)
    _, self.decoder = build_nets(model, frame_spec, dtype)  # The family's frame decoder.
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    encoder_key, decoder_key = streams(key, 'encoder', 'decoder')
    inputs = self.encoder_input(batch['x'], jnp.ones(batch['x'].shape, bool))
    params = {'encoder': self.encoder.init(encoder_key, inputs)['params'],
              'decoder': self.decoder.init(decoder_key, jnp.zeros((1, self.model.latent_dim)))['params']}
    player = new_player({'params': params}, self.optimizers['gpvae'], self.ema_decay['gpvae'])
    return new_state({'gpvae': player})

  def prior_chol(self) -> jax.Array:
    """The lower Cholesky factor of the prior covariance K over the T frames, [T, T]."""
    model = self.model
    return jnp.linalg.cholesky(
        losses.kernel_matrix(self.spec.shape[0], model.kernel, model.length_scale, model.kernel_variance))

  @staticmethod
  def encoder_input(x: jax.Array, mask: jax.Array) -> jax.Array:
    """Frames with missing values zeroed, and the mask as one more channel: [B, T, H, W, 2C]."""
    return jnp.concatenate([jnp.where(mask, x, 0.0), mask.astype(x.dtype)], axis=-1)

  def posterior(self, params: dict, batch: dict) -> tuple[jax.Array, jax.Array]:
    """(mean, logvar) of q(z_t|x) for every frame, each [B, T, latent_dim]."""
    inputs = self.encoder_input(batch['x'], batch['mask'])
    return float32(self.encoder.apply({'params': params['encoder']}, inputs))

  def decoder_outputs(self, params: dict, z: jax.Array) -> jax.Array:
    """Latent trajectories [B, T, latent_dim] -> decoder outputs (logits or means) [B, T, H, W, C]."""
    output = self.decoder.apply({'params': params['decoder']}, z.reshape(-1, z.shape[-1]))
    return float32(output).reshape(*z.shape[:2], *self.spec.shape[1:])

  def decode_mean(self, params: dict, z: jax.Array) -> jax.Array:
    output = self.decoder_outputs(params, z)
    return jax.nn.sigmoid(output) if self.model.likelihood == 'bernoulli' else output

  def masked_log_likelihood(self, output: jax.Array, x: jax.Array, mask: jax.Array) -> jax.Array:
    """Σ log p(x|z) over the observed values of each sequence, [B]; missing values add nothing.

    Bernoulli on logits, or Gaussian on means with σ² = 1/(2C), C = model.recon_weight.
    """
    values, outputs = x.reshape(-1, 1), output.reshape(-1, 1)  # One value per row: per-value densities.
    if self.model.likelihood == 'bernoulli':
      per_value = losses.bernoulli_log_likelihood(outputs, values)
    else:
      sigma = (0.5 / self.model.recon_weight) ** 0.5
      per_value = losses.gaussian_log_likelihood(outputs, values, sigma=sigma)
    observed = jnp.where(mask.reshape(-1), per_value, 0.0)
    return observed.reshape(x.shape[0], -1).sum(axis=1)

  def terms(self, params: dict, batch: dict, key: jax.Array) -> dict[str, jax.Array]:
    """Per-sequence loss, ELBO of the observed values (nats), reconstruction term and KL, one z."""
    mean, logvar = self.posterior(params, batch)
    z = mean + jnp.exp(0.5 * logvar) * jax.random.normal(key, mean.shape)
    log_likelihood = self.masked_log_likelihood(self.decoder_outputs(params, z), batch['x'], batch['mask'])
    # One Gaussian over the T frames per latent dimension: trajectories along the last axis.
    kl = losses.diagonal_gaussian_kl_to_gp(mean.swapaxes(1, 2), logvar.swapaxes(1, 2), self.prior_chol())
    kl = kl.sum(axis=1)
    return {'loss': -log_likelihood + self.model.beta * kl, 'elbo': log_likelihood - kl,
            'recon': -log_likelihood, 'kl': kl}

  def impute(self, params: dict, batch: dict) -> jax.Array:
    """Every frame decoded from the posterior mean, [B, T, H, W, C] in the data's range."""
    return self.decode_mean(params, self.posterior(params, batch)[0])

  def imputation_mse(self, params: dict, batch: dict) -> jax.Array:
    """The imputation's mean squared error on the batch's missing pixels."""
    return missing_pixel_mse(self.impute(params, batch), batch['x'], batch['mask'])

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    player = state.players['gpvae']

    def loss_fn(params):
      terms = jax.tree.map(jnp.mean, self.terms(params, batch, key))
      return terms['loss'], terms

    grads, metrics = jax.grad(loss_fn, has_aux=True)(player.params)
    metrics['imputation_mse'] = self.imputation_mse(player.params, batch)
    player = apply_gradients(player, grads, self.optimizers['gpvae'], ema_decay=self.ema_decay['gpvae'])
    return state.replace(players={'gpvae': player}), metrics

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """Decoder means along trajectories drawn from the GP prior, [num, T, H, W, C]."""
    unconditional(label)
    noise = jax.random.normal(key, (num, self.model.latent_dim, self.spec.shape[0]))
    z = (noise @ self.prior_chol().T).swapaxes(1, 2)
    return self.decode_mean(state.players['gpvae'].variables(use_ema=True)['params'], z)
