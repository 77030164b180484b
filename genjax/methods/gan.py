"""Generative adversarial network (Goodfellow et al. 2014), trained by simultaneous gradient steps.

Each step updates the discriminator on a real and a fake batch (Eq. 1, ascending log D(x) +
log(1 − D(G(z)))), then the generator against the updated discriminator, with either the minimax
loss log(1 − D(G(z))) or the non-saturating −log D(G(z)) (Sec. 3). Each player has its own optax
optimizer. Real targets may be smoothed one-sidedly into [0.7, 0.9] (Salimans et al. 2016).
"""
import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses, nets
from genjax.core.optim import make_optimizer
from genjax.core.rng import streams
from genjax.core.state import PlayerState, TrainState, apply_gradients, new_player
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.base import float32, pick_net

def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(dict(
      generator='mlp', discriminator='mlp', latent_dim=2, g_hidden=(400, 400), d_hidden=(400, 400),
      g_features=(128, 64), d_features=(64, 128), g_batchnorm=True, d_batchnorm=False,
      g_loss='non_saturating', label_smoothing=False))


class GAN:
  players = ('generator', 'discriminator')
  generative = True

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    if model.g_loss not in losses.GENERATOR_LOSSES:
      raise GenjaxError(f"model.g_loss '{model.g_loss}' is not one of {', '.join(losses.GENERATOR_LOSSES)}")
    if spec.kind == 'image' and spec.value_range != (-1.0, 1.0):
      raise GenjaxError("a GAN on images needs data.range 'signed': the generator ends in tanh")
    if model.latent_dim < 1:
      raise GenjaxError(f'model.latent_dim must be >= 1, got {model.latent_dim}')
    self.model = model
    output = 'tanh' if spec.kind == 'image' else 'none'
    self.generator = pick_net(model.generator, 'generator', spec, {
        'mlp': lambda: nets.MLPGenerator(hidden=tuple(model.g_hidden), out_shape=spec.shape,
                                         output_activation=output, dtype=dtype),
        'dcgan': lambda: nets.DCGANGenerator(out_shape=spec.shape, features=tuple(model.g_features),
                                             use_batchnorm=model.g_batchnorm, dtype=dtype)})
    self.discriminator = pick_net(model.discriminator, 'discriminator', spec, {
        'mlp': lambda: nets.MLPDiscriminator(hidden=tuple(model.d_hidden), dtype=dtype),
        'dcgan': lambda: nets.DCGANDiscriminator(features=tuple(model.d_features),
                                                 use_batchnorm=model.d_batchnorm, dtype=dtype)})
    self.optimizers = {name: make_optimizer(optim[name], name) for name in self.players}
    self.ema_decay = {name: optim[name].ema_decay for name in self.players}

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    g_key, d_key = streams(key, 'generator', 'discriminator')
    z = jnp.zeros((batch['x'].shape[0], self.model.latent_dim))
    variables = {'generator': self.generator.init(g_key, z, train=False),
                 'discriminator': self.discriminator.init(d_key, batch['x'], train=False)}
    players = {name: new_player(variables[name], self.optimizers[name], ema=self.ema_decay[name] > 0)
               for name in self.players}
    return TrainState(step=jnp.zeros((), jnp.int32), players=players)

  def _generate(self, player: PlayerState, z: jax.Array, params=None) -> tuple[jax.Array, dict]:
    """G(z) in training mode; returns the images and G's new batch statistics."""
    variables = player.variables() if params is None else {**player.variables(), 'params': params}
    fake, updates = self.generator.apply(variables, z, train=True, mutable=['batch_stats'])
    return fake, updates.get('batch_stats', {})

  def _discriminate(self, player: PlayerState, x: jax.Array, params=None) -> tuple[jax.Array, dict]:
    variables = player.variables() if params is None else {**player.variables(), 'params': params}
    logits, updates = self.discriminator.apply(variables, x, train=True, mutable=['batch_stats'])
    return float32(logits), updates.get('batch_stats', {})

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    d_z_key, g_z_key, smoothing_key = streams(key, 'd_z', 'g_z', 'smoothing')
    g, d = state.players['generator'], state.players['discriminator']
    real = batch['x']
    num = real.shape[0]
    fake, _ = self._generate(g, jax.random.normal(d_z_key, (num, self.model.latent_dim)))
    fake = jax.lax.stop_gradient(fake)
    targets = (losses.smoothed_real_targets(smoothing_key, (num,)) if self.model.label_smoothing
               else 1.0)

    def d_loss_fn(params):
      real_logits, stats = self._discriminate(d, real, params)
      fake_logits, stats = self._discriminate(d.replace(batch_stats=stats), fake, params)
      loss = losses.discriminator_loss(real_logits, fake_logits, targets)
      return loss, (stats, jax.nn.sigmoid(real_logits).mean(), jax.nn.sigmoid(fake_logits).mean())

    (d_loss, (d_stats, d_real, d_fake)), d_grads = jax.value_and_grad(d_loss_fn, has_aux=True)(d.params)
    d = apply_gradients(d, d_grads, self.optimizers['discriminator'], d_stats,
                        self.ema_decay['discriminator'])

    def g_loss_fn(params):
      generated, stats = self._generate(g, jax.random.normal(g_z_key, (num, self.model.latent_dim)), params)
      logits, _ = self._discriminate(d, generated)
      return losses.generator_loss(logits, self.model.g_loss), stats

    (g_loss, g_stats), g_grads = jax.value_and_grad(g_loss_fn, has_aux=True)(g.params)
    g = apply_gradients(g, g_grads, self.optimizers['generator'], g_stats, self.ema_decay['generator'])
    metrics = {'d_loss': d_loss, 'g_loss': g_loss, 'd_real': d_real, 'd_fake': d_fake}
    return state.replace(players={'generator': g, 'discriminator': d}), metrics

  def sample(self, state: TrainState, key: jax.Array, num: int) -> jax.Array:
    """G(z), z ~ N(0, I), in inference mode (running batch statistics, EMA weights if kept)."""
    z = jax.random.normal(key, (num, self.model.latent_dim))
    return float32(self.generator.apply(state.players['generator'].variables(use_ema=True), z, train=False))

