"""Variational autoencoder (Kingma & Welling 2014), trained on the negative ELBO.

Loss per example: -log p(x|z) + β·KL(q(z|x) || N(0, I)) with z = μ + σ·ε (Eq. 10 of the paper,
one sample). With a Gaussian decoder of fixed σ the reconstruction term is the course's
C·||x − f(z)||² with C = 1/(2σ²) (plus a constant, which the logged ELBO keeps).
"""
import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses, nets
from genjax.core.optim import make_optimizer
from genjax.core.rng import streams
from genjax.core.state import TrainState, apply_gradients, new_player
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.base import float32, pick_net, unconditional

LIKELIHOODS = ('bernoulli', 'gaussian')


def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(dict(
      encoder='mlp', decoder='mlp', hidden=(400,), features=(32, 64), latent_dim=20,
      likelihood='bernoulli', recon_weight=1.0, beta=1.0))


class VAE:
  players = ('vae',)
  generative = True
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    check_choice('model.likelihood', model.likelihood, LIKELIHOODS)
    if model.likelihood == 'bernoulli' and (spec.kind != 'image' or spec.value_range != (0.0, 1.0)):
      raise GenjaxError("model.likelihood 'bernoulli' needs images in [0, 1] (data.range 'unit')")
    if not model.recon_weight > 0 or model.beta < 0 or model.latent_dim < 1:
      raise GenjaxError('model.recon_weight must be > 0, model.beta >= 0 and model.latent_dim >= 1')
    self.spec, self.model = spec, model
    self.encoder = pick_net(model.encoder, 'encoder', spec, {
        'mlp': lambda: nets.MLPEncoder(hidden=tuple(model.hidden), latent_dim=model.latent_dim, dtype=dtype),
        'conv': lambda: nets.ConvEncoder(features=tuple(model.features), latent_dim=model.latent_dim,
                                         dtype=dtype)})
    self.decoder = pick_net(model.decoder, 'decoder', spec, {
        'mlp': lambda: nets.MLPDecoder(hidden=tuple(reversed(model.hidden)), out_shape=spec.shape, dtype=dtype),
        'conv': lambda: nets.ConvDecoder(out_shape=spec.shape, features=tuple(reversed(model.features)),
                                         dtype=dtype)})
    self.optimizer = make_optimizer(optim.vae, 'vae')
    self.ema_decay = optim.vae.ema_decay

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    encoder_key, decoder_key = streams(key, 'encoder', 'decoder')
    params = {
        'encoder': self.encoder.init(encoder_key, batch['x'])['params'],
        'decoder': self.decoder.init(decoder_key, jnp.zeros((1, self.model.latent_dim)))['params'],
    }
    player = new_player({'params': params}, self.optimizer, ema=self.ema_decay > 0)
    return TrainState(step=jnp.zeros((), jnp.int32), players={'vae': player})

  def terms(self, params: dict, x: jax.Array, key: jax.Array) -> dict[str, jax.Array]:
    """Per-example loss, ELBO (nats), reconstruction term and KL, with one reparameterized z."""
    mean, logvar = float32(self.encoder.apply({'params': params['encoder']}, x))
    z = mean + jnp.exp(0.5 * logvar) * jax.random.normal(key, mean.shape)
    output = float32(self.decoder.apply({'params': params['decoder']}, z))
    kl = losses.gaussian_kl_to_standard(mean, logvar)
    log_likelihood = self.log_likelihood(output, x)
    if self.model.likelihood == 'bernoulli':
      recon = -log_likelihood
    else:  # The course's C·||x − f(z)||²: the Gaussian's negative log-density without its constant.
      recon = self.model.recon_weight * losses.squared_error(output, x)
    return {'loss': recon + self.model.beta * kl, 'elbo': log_likelihood - kl, 'recon': recon, 'kl': kl}

  def log_likelihood(self, output: jax.Array, x: jax.Array) -> jax.Array:
    """log p(x|z) from the decoder's output: Bernoulli logits, or Gaussian means with σ² = 1/(2C)."""
    if self.model.likelihood == 'bernoulli':
      return losses.bernoulli_log_likelihood(output, x)
    return losses.gaussian_log_likelihood(output, x, sigma=(0.5 / self.model.recon_weight) ** 0.5)

  def log_importance_weights(self, params: dict, x: jax.Array, key: jax.Array,
                             num_samples: int) -> jax.Array:
    """log p(x, z_i) − log q(z_i|x) for z_i ~ q(z|x), [B, num_samples] nats.

    The weights of the IWAE bound (Burda et al. 2016, Eq. 8) under the decoder likelihood of
    `terms` (Gaussian: σ² = 1/(2C)); their mean estimates the ELBO without the analytic KL.
    """
    mean, logvar = float32(self.encoder.apply({'params': params['encoder']}, x))
    mean, std = (jnp.repeat(v, num_samples, axis=0) for v in (mean, jnp.exp(0.5 * logvar)))
    z = mean + std * jax.random.normal(key, mean.shape)
    output = float32(self.decoder.apply({'params': params['decoder']}, z))
    log_likelihood = self.log_likelihood(output, jnp.repeat(x, num_samples, axis=0))
    log_prior = losses.gaussian_log_likelihood(jnp.zeros_like(z), z, sigma=1.0)
    log_posterior = losses.gaussian_log_likelihood(mean, z, sigma=std)
    return (log_likelihood + log_prior - log_posterior).reshape(-1, num_samples)

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    player = state.players['vae']

    def loss_fn(params):
      terms = jax.tree.map(jnp.mean, self.terms(params, batch['x'], key))
      return terms['loss'], terms

    grads, metrics = jax.grad(loss_fn, has_aux=True)(player.params)
    player = apply_gradients(player, grads, self.optimizer, ema_decay=self.ema_decay)
    return state.replace(players={'vae': player}), metrics

  def decode_mean(self, params: dict, z: jax.Array) -> jax.Array:
    output = float32(self.decoder.apply({'params': params['decoder']}, z))
    return jax.nn.sigmoid(output) if self.model.likelihood == 'bernoulli' else output

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """Decoder means at z ~ N(0, I)."""
    unconditional(label)
    z = jax.random.normal(key, (num, self.model.latent_dim))
    return self.decode_mean(state.players['vae'].variables(use_ema=True)['params'], z)

