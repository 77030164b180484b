"""Plain autoencoder: a deterministic code e(x), trained on ||x − d(e(x))||² per example.

It shares the VAE's nets (the code is the encoder's mean head; its log-variance head goes unused).
Sampling decodes z ~ N(0, I), as a VAE's does, but nothing in this loss makes the codes fill that
prior, so the samples are poor: the course's contrast with the VAE, whose KL term does.
"""
import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses, nets
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import check_choice
from genjax.methods.base import float32, pick_net, unconditional
from genjax.nets.activations import HIDDEN_ACTIVATIONS


def net_config() -> dict:
  """The keys of the encoder and decoder shared by the autoencoder family."""
  return dict(encoder='mlp', decoder='mlp', hidden=(400,), activation='relu', features=(32, 64), latent_dim=20)


def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(net_config())


def build_nets(model: ml_collections.ConfigDict, spec: DataSpec, dtype: jnp.dtype):
  """The (encoder, decoder) that model.encoder and model.decoder name: 'mlp' or 'conv'."""
  check_choice('model.activation', model.activation, HIDDEN_ACTIVATIONS)
  encoder = pick_net(model.encoder, 'encoder', spec, {
      'mlp': lambda: nets.MLPEncoder(hidden=tuple(model.hidden), latent_dim=model.latent_dim,
                                     activation=model.activation, dtype=dtype),
      'conv': lambda: nets.ConvEncoder(features=tuple(model.features), latent_dim=model.latent_dim,
                                       dtype=dtype)})
  decoder = pick_net(model.decoder, 'decoder', spec, {
      'mlp': lambda: nets.MLPDecoder(hidden=tuple(reversed(model.hidden)), out_shape=spec.shape,
                                     activation=model.activation, dtype=dtype),
      'conv': lambda: nets.ConvDecoder(out_shape=spec.shape, features=tuple(reversed(model.features)),
                                       dtype=dtype)})
  return encoder, decoder


def init_nets(encoder, decoder, key: jax.Array, x: jax.Array, latent_dim: int) -> dict:
  """{'encoder': ..., 'decoder': ...} parameters, shapes from the batch `x`."""
  encoder_key, decoder_key = streams(key, 'encoder', 'decoder')
  return {'encoder': encoder.init(encoder_key, x)['params'],
          'decoder': decoder.init(decoder_key, jnp.zeros((1, latent_dim)))['params']}


class Autoencoder:
  players = ('ae',)
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    self.spec, self.model = spec, model
    self.encoder, self.decoder = build_nets(model, spec, dtype)
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    params = init_nets(self.encoder, self.decoder, key, batch['x'], self.model.latent_dim)
    player = new_player({'params': params}, self.optimizers['ae'], self.ema_decay['ae'])
    return new_state({'ae': player})

  def codes(self, params: dict, x: jax.Array) -> jax.Array:
    """The code e(x), [B, latent_dim]."""
    return float32(self.encoder.apply({'params': params['encoder']}, x))[0]

  def decode_mean(self, params: dict, z: jax.Array) -> jax.Array:
    return float32(self.decoder.apply({'params': params['decoder']}, z))

  def encode(self, state: TrainState, x: jax.Array) -> jax.Array:
    """Codes under the sampling weights (EMA when kept), for latent-space pictures."""
    return self.codes(state.players['ae'].variables(use_ema=True)['params'], x)

  def decode(self, state: TrainState, z: jax.Array) -> jax.Array:
    return self.decode_mean(state.players['ae'].variables(use_ema=True)['params'], z)

  def loss(self, params: dict, x: jax.Array) -> jax.Array:
    """||x − d(e(x))||² per example, [B]."""
    return losses.squared_error(self.decode_mean(params, self.codes(params, x)), x)

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    del key  # Deterministic: no noise anywhere in the loss.
    player = state.players['ae']
    loss, grads = jax.value_and_grad(lambda params: self.loss(params, batch['x']).mean())(player.params)
    player = apply_gradients(player, grads, self.optimizers['ae'], ema_decay=self.ema_decay['ae'])
    return state.replace(players={'ae': player}), {'loss': loss}

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """Decodings of z ~ N(0, I)."""
    unconditional(label)
    return self.decode(state, jax.random.normal(key, (num, self.model.latent_dim)))
