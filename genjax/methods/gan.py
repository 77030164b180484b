"""Generative adversarial networks (Goodfellow et al. 2014) and the tricks that make them train.

A step takes `d_steps` real batches (stacked, [d_steps, B, ...], when d_steps > 1): D is updated once
on each (with fresh z), then G once against the updated D. Options, all from the model config:

  loss               minimax, non_saturating, hinge, least_squares, wasserstein (`losses.gan`).
  gradient_penalty   λ of WGAN-GP (Gulrajani et al. 2017, Eq. 3); r1_penalty: γ of R1
                     (Mescheder et al. 2018, Eq. 9, added as γ/2 · R1).
  d_steps            D updates per G update (n_critic = 5 in WGAN-GP, Algorithm 1).
  label_smoothing    one-sided, real targets in [0.7, 0.9] (Salimans et al. 2016, Sec. 3.4).
  unroll_steps       k of the unrolled GAN (Metz et al. 2017, Eq. 7-8): G's loss is taken against D
                     after k more optax updates on the current batch, differentiated through them.
  pack               m of PacGAN (Lin et al. 2018, Sec. 3): D judges m samples at once, all real or
                     all generated, concatenated along the last (channel or feature) axis.
  conditioning       none, concat (Mirza & Osindero 2014) or projection (Miyato & Koyama 2018):
                     G and D see the class labels of the real batch.
  orthogonal_reg     β of BigGAN's orthogonal regularization of G (Brock et al. 2019, Eq. 3).
  truncation         sample z from N(0, I) truncated to [-t, t] (Brock et al. 2019, Sec. 4.1); 0 = off.

Each player has its own optax optimizer (different learning rates give TTUR, Heusel et al. 2017);
`optim.generator.ema_decay` > 0 keeps an EMA of G's weights, used for sampling and evaluation.
"""
import jax
import jax.numpy as jnp
import ml_collections
import optax

from genjax import losses
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import PlayerState, TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.base import float32, unconditional
from genjax.methods.gan_players import build_discriminator, build_generator, player_config
from genjax.nets.downsample import traced_in_a_loop

CONDITIONINGS = ('none', 'concat', 'projection')


def model_config() -> ml_collections.ConfigDict:
  config = player_config()
  config.update(dict(
      latent_dim=2, loss='non_saturating', label_smoothing=False, gradient_penalty=0.0, r1_penalty=0.0,
      d_steps=1, unroll_steps=0, pack=1, conditioning='none', orthogonal_reg=0.0, truncation=0.0))
  return config


def pack(x: jax.Array, m: int) -> jax.Array:
  """[B, ..., C] -> [B/m, ..., m·C]: m consecutive examples concatenated along the last axis."""
  if m == 1:
    return x
  grouped = x.reshape(x.shape[0] // m, m, *x.shape[1:])
  return jnp.moveaxis(grouped, 1, -2).reshape(x.shape[0] // m, *x.shape[1:-1], m * x.shape[-1])


def _check(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  check_choice('model.loss', model.loss, losses.ADVERSARIAL_LOSSES)
  if model.label_smoothing and not losses.ADVERSARIAL_LOSSES[model.loss].probabilistic:
    raise GenjaxError(f"model.label_smoothing needs a cross-entropy loss, not '{model.loss}'")
  if spec.kind == 'image' and spec.value_range != (-1.0, 1.0):
    raise GenjaxError("a GAN on images needs data.range 'signed': the generator ends in tanh")
  check_choice('model.conditioning', model.conditioning, CONDITIONINGS)
  if model.conditioning != 'none' and not spec.num_classes:
    raise GenjaxError(f"model.conditioning '{model.conditioning}' needs labelled data")
  if model.conditioning != 'none' and model.pack > 1:
    raise GenjaxError('model.pack > 1 (PacGAN) works only without conditioning')
  for key in ('d_steps', 'pack'):
    if model[key] < 1:
      raise GenjaxError(f'model.{key} must be >= 1, got {model[key]}')
  for key in ('unroll_steps', 'gradient_penalty', 'r1_penalty', 'orthogonal_reg', 'truncation'):
    if model[key] < 0:
      raise GenjaxError(f'model.{key} must be >= 0, got {model[key]}')


class GAN:
  players = ('generator', 'discriminator')
  optimizer_names = players

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    _check(model, spec)
    self.model = model
    self.batches_per_step = model.d_steps
    self.batch_divisors = {'model.pack': model.pack}  # The trainer checks that each batch splits into packs.
    self.num_classes = spec.num_classes if model.conditioning != 'none' else 0
    self.loss = losses.adversarial_loss(model.loss)
    self.generator = build_generator(model, spec, self.num_classes, dtype)
    self.discriminator = build_discriminator(model, spec, self.num_classes, dtype)
    # The unrolled GAN's G loss is differentiated through D's optimizer update.
    differentiated = ('discriminator',) if model.unroll_steps else ()
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players, differentiated)

  def _labels(self, batch: dict) -> jax.Array | None:
    return batch['y'] if self.num_classes else None

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    g_key, d_key = streams(key, 'generator', 'discriminator')
    z = jnp.zeros((batch['x'].shape[0], self.model.latent_dim))
    labels = self._labels(batch)
    variables = {'generator': self.generator.init(g_key, z, labels, train=False),
                 'discriminator': self.discriminator.init(d_key, pack(batch['x'], self.model.pack),
                                                          labels, train=False)}
    players = {name: new_player(variables[name], self.optimizers[name], self.ema_decay[name])
               for name in self.players}
    return new_state(players)

  def _generate(self, player: PlayerState, z: jax.Array, labels, params=None) -> tuple[jax.Array, dict]:
    """G(z) in training mode; returns the samples and G's new batch statistics."""
    variables = player.variables() if params is None else {**player.variables(), 'params': params}
    fake, updates = self.generator.apply(variables, z, labels, train=True, mutable=['batch_stats'])
    return fake, updates.get('batch_stats', {})

  def _discriminate(self, player: PlayerState, packed: jax.Array, labels, params=None) -> tuple[jax.Array, dict]:
    """D's outputs on already packed inputs, in training mode; and D's new mutable statistics."""
    variables = player.variables() if params is None else {**player.variables(), 'params': params}
    outputs, updates = self.discriminator.apply(variables, packed, labels, train=True, mutable=['batch_stats'])
    return float32(outputs), updates.get('batch_stats', {})

  def _d_loss(self, d: PlayerState, params, real: jax.Array, fake: jax.Array, labels, key: jax.Array):
    """D's loss (with its penalties) on packed real and fake inputs; aux: stats and metrics."""
    smoothing_key, penalty_key = streams(key, 'smoothing', 'penalty')
    real_out, stats = self._discriminate(d, real, labels, params)
    fake_out, stats = self._discriminate(d.replace(batch_stats=stats), fake, labels, params)
    targets = (losses.smoothed_real_targets(smoothing_key, real_out.shape) if self.model.label_smoothing
               else 1.0)
    loss = self.loss.discriminator(real_out, fake_out, targets)
    squash = jax.nn.sigmoid if self.loss.probabilistic else (lambda x: x)
    metrics = {'d_real': squash(real_out).mean(), 'd_fake': squash(fake_out).mean()}
    critic = lambda x: self._discriminate(d, x, labels, params)[0]
    if self.model.gradient_penalty:
      metrics['gradient_penalty'] = losses.gradient_penalty(critic, real, fake, penalty_key)
      loss += self.model.gradient_penalty * metrics['gradient_penalty']
    if self.model.r1_penalty:
      metrics['r1_penalty'] = losses.r1_penalty(critic, real)
      loss += 0.5 * self.model.r1_penalty * metrics['r1_penalty']
    return loss, (stats, metrics)

  def _unrolled_params(self, d: PlayerState, real: jax.Array, fake: jax.Array, labels, key: jax.Array):
    """D's parameters after `unroll_steps` optax updates on (real, fake), differentiable in `fake`."""
    def update(carry, step_key):
      params, opt_state = carry
      grads, _ = jax.grad(self._d_loss, argnums=1, has_aux=True)(d, params, real, fake, labels, step_key)
      updates, opt_state = self.optimizers['discriminator'].update(grads, opt_state, params)
      return (optax.apply_updates(params, updates), opt_state), None

    keys = jax.random.split(key, self.model.unroll_steps)
    with traced_in_a_loop():
      (params, _), _ = jax.lax.scan(update, (d.params, d.opt_state), keys)
    return params

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    m = self.model
    g, d = state.players['generator'], state.players['discriminator']
    chunks = batch if m.d_steps > 1 else jax.tree.map(lambda a: a[None], batch)  # [d_steps, B, ...]
    d_keys = jax.random.split(streams(key, 'd')[0], m.d_steps)
    d_metrics = []
    for i in range(m.d_steps):  # A Python loop: XLA:CPU optimizes conv gradients poorly under scan.
      chunk = jax.tree.map(lambda a: a[i], chunks)
      labels = self._labels(chunk)
      z_key, loss_key = streams(d_keys[i], 'z', 'loss')
      z = jax.random.normal(z_key, (chunk['x'].shape[0], m.latent_dim))
      fake = jax.lax.stop_gradient(self._generate(g, z, labels)[0])
      (d_loss, (d_stats, metrics)), grads = jax.value_and_grad(self._d_loss, argnums=1, has_aux=True)(
          d, d.params, pack(chunk['x'], m.pack), pack(fake, m.pack), labels, loss_key)
      d = apply_gradients(d, grads, self.optimizers['discriminator'], d_stats, self.ema_decay['discriminator'])
      d_metrics.append({'d_loss': d_loss, **metrics})

    z_key, unroll_key = streams(key, 'g_z', 'unroll')
    labels = self._labels(chunk)  # G's samples take the labels of the last real batch.
    real = pack(chunk['x'], m.pack)

    def g_loss_fn(params):
      generated, stats = self._generate(g, jax.random.normal(z_key, (chunk['x'].shape[0], m.latent_dim)),
                                        labels, params)
      fake = pack(generated, m.pack)
      d_params = self._unrolled_params(d, real, fake, labels, unroll_key) if m.unroll_steps else d.params
      outputs, _ = self._discriminate(d, fake, labels, d_params)
      loss = self.loss.generator(outputs)
      if m.orthogonal_reg:
        loss += m.orthogonal_reg * losses.orthogonal_regularization(params)
      return loss, stats

    (g_loss, g_stats), g_grads = jax.value_and_grad(g_loss_fn, has_aux=True)(g.params)
    g = apply_gradients(g, g_grads, self.optimizers['generator'], g_stats, self.ema_decay['generator'])
    metrics = jax.tree.map(lambda *values: jnp.mean(jnp.stack(values)), *d_metrics)
    return state.replace(players={'generator': g, 'discriminator': d}), {**metrics, 'g_loss': g_loss}

  def latents(self, key: jax.Array, num: int) -> jax.Array:
    """z for sampling: N(0, I), truncated to [-t, t] when model.truncation = t > 0."""
    shape = (num, self.model.latent_dim)
    if self.model.truncation:
      t = self.model.truncation
      return jax.random.truncated_normal(key, -t, t, shape)
    return jax.random.normal(key, shape)

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """G(z) in inference mode (running batch statistics, EMA weights if kept); conditional models
    draw class `label`, or classes uniformly at random when it is None."""
    z_key, label_key = streams(key, 'z', 'labels')
    labels = None
    if self.num_classes:
      labels = (jnp.full((num,), label, jnp.int32) if label is not None
                else jax.random.randint(label_key, (num,), 0, self.num_classes))
    else:
      unconditional(label)
    return self.decode(state, self.latents(z_key, num), labels)

  def decode(self, state: TrainState, z: jax.Array, labels: jax.Array | None = None) -> jax.Array:
    """G(z) in inference mode (running batch statistics, EMA weights if kept); conditional models
    need the class `labels` [B]."""
    if self.num_classes and labels is None:
      raise GenjaxError('this GAN is conditional: decoding z needs class labels')
    variables = state.players['generator'].variables(use_ema=True)
    return float32(self.generator.apply(variables, z, labels, train=False))

  def discriminator_outputs(self, state: TrainState, x: jax.Array) -> jax.Array:
    """D's raw outputs on single examples (each packed with copies of itself when pack > 1), in
    inference mode, unconditional models only: the GAN Lab background."""
    packed = jnp.concatenate([x] * self.model.pack, axis=-1)
    return float32(self.discriminator.apply(state.players['discriminator'].variables(), packed, None,
                                            train=False))

  def generator_push(self, state: TrainState, x: jax.Array) -> jax.Array:
    """-∇_x of G's loss at the samples x: the direction D's gradient moves each sample."""
    return -jax.grad(lambda v: self.loss.generator(self.discriminator_outputs(state, v)) * v.shape[0])(x)
