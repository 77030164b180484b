"""Coupled GANs (Liu & Tuzel 2016, "Coupled Generative Adversarial Networks").

Two GANs, one per image domain, trained on unpaired examples of each: generators g1, g2 share
their first layers (those nearest z: the dense projection and the first ×2 up-sampling, which
decode the content) and keep their own last layers (which render it in their domain);
discriminators f1, f2 keep their own first conv and share their remaining layers (nearest the
output). Sec. 3: max_g min_f V(f1, f2, g1, g2), the sum of the two GANs' values; so each loss here is
the sum of the two GANs' adversarial losses (model.loss of `losses.gan`). One z drawn for both
generators gives the same content in both domains.

Data come as x [H, W, 2], channel 0 domain A and channel 1 domain B, unpaired ('pair:BASE:TRANSFORM'
sources, `genjax.data.domains`); samples and decodes use that layout. Sharing is real: a shared
layer is one parameter array in its player's params, under 'shared', used by both GANs, so its
gradient is the sum of their gradients; the own layers sit under 'own_a' and 'own_b'. A step takes
one batch: D takes one step (fresh z), then G one step against the updated D (fresh z), as `gan`.
"""

import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import PlayerState, TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.base import float32, unconditional
from genjax.nets.coupled import DOMAINS, CoupledDiscriminator, CoupledGenerator

def model_config() -> ml_collections.ConfigDict:
  """Defaults: DCGAN-like nets for 28x28 (G 7·7·128 → 14·14·64 shared → 28·28·1 own; D own conv 64,
  shared conv 128 and the dense output), a 100-D code."""
  return ml_collections.ConfigDict(dict(
      latent_dim=100, loss='non_saturating', g_features=(128, 64), d_features=(64, 128)))


def _check(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  check_choice('model.loss', model.loss, losses.ADVERSARIAL_LOSSES)
  if spec.kind != 'image' or spec.shape[-1] != 2:
    raise GenjaxError(f'CoGAN needs two-domain images [H, W, 2] (a pair:BASE:TRANSFORM source), '
                      f'got {spec.kind} of shape {spec.shape}')
  if spec.value_range != (-1.0, 1.0):
    raise GenjaxError("CoGAN needs data.range 'signed': the generators end in tanh")
  if len(model.g_features) < 2:
    raise GenjaxError(f'model.g_features needs >= 2 widths (shared dense, shared up-sampling), '
                      f'got {tuple(model.g_features)}')
  if not model.d_features:
    raise GenjaxError('model.d_features needs >= 1 width (the own first conv)')


def domain_discriminator_losses(loss: losses.AdversarialLoss, real: jax.Array, fake: jax.Array) -> jax.Array:
  """Each GAN's discriminator loss, [2], from logits [B, 2] on real and generated pairs."""
  return jnp.stack([loss.discriminator(real[:, i], fake[:, i]) for i in range(len(DOMAINS))])


def domain_generator_losses(loss: losses.AdversarialLoss, fake: jax.Array) -> jax.Array:
  """Each GAN's generator loss, [2], from D's logits [B, 2] on generated pairs."""
  return jnp.stack([loss.generator(fake[:, i]) for i in range(len(DOMAINS))])


class CoGAN:
  players = ('generator', 'discriminator')
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    _check(model, spec)
    self.model = model
    self.loss = losses.adversarial_loss(model.loss)
    self.generator = CoupledGenerator(tuple(spec.shape[:2]), tuple(model.g_features), dtype)
    self.discriminator = CoupledDiscriminator(tuple(model.d_features), dtype)
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    g_key, d_key = streams(key, 'generator', 'discriminator')
    z = jnp.zeros((batch['x'].shape[0], self.model.latent_dim))
    variables = {'generator': self.generator.init(g_key, z, train=False),
                 'discriminator': self.discriminator.init(d_key, batch['x'])}
    return new_state({
        name: new_player(variables[name], self.optimizers[name], self.ema_decay[name])
        for name in self.players})

  def latents(self, key: jax.Array, num: int) -> jax.Array:
    """z ~ N(0, I), [num, latent_dim]: one code for both domains."""
    return jax.random.normal(key, (num, self.model.latent_dim))

  def generate(self, g: PlayerState, params, z: jax.Array) -> tuple[jax.Array, dict]:
    """Both generators on z in training mode, [B, H, W, 2]; and G's new batch statistics."""
    variables = {**g.variables(), 'params': params}
    fake, updates = self.generator.apply(variables, z, train=True, mutable=['batch_stats'])
    return float32(fake), updates['batch_stats']

  def discriminate(self, params, x: jax.Array) -> jax.Array:
    """Both discriminators' logits [B, 2] on pairs x [B, H, W, 2]."""
    return float32(self.discriminator.apply({'params': params}, x))

  def discriminator_loss(self, params, real: jax.Array, fake: jax.Array) -> tuple[jax.Array, dict]:
    """The sum of the two GANs' discriminator losses; aux: metrics."""
    real_out, fake_out = self.discriminate(params, real), self.discriminate(params, fake)
    squash = jax.nn.sigmoid if self.loss.probabilistic else (lambda s: s)
    metrics = {'d_real': squash(real_out).mean(), 'd_fake': squash(fake_out).mean()}
    return domain_discriminator_losses(self.loss, real_out, fake_out).sum(), metrics

  def generator_loss(self, g: PlayerState, params, d_params, z: jax.Array) -> tuple[jax.Array, dict]:
    """The sum of the two GANs' generator losses against D's `d_params`; aux: G's new batch statistics."""
    fake, stats = self.generate(g, params, z)
    return domain_generator_losses(self.loss, self.discriminate(d_params, fake)).sum(), stats

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    g, d = state.players['generator'], state.players['discriminator']
    d_key, g_key = streams(key, 'd_z', 'g_z')
    num = batch['x'].shape[0]
    fake = jax.lax.stop_gradient(self.generate(g, g.params, self.latents(d_key, num))[0])
    (d_loss, metrics), grads = jax.value_and_grad(self.discriminator_loss, has_aux=True)(
        d.params, batch['x'], fake)
    d = apply_gradients(d, grads, self.optimizers['discriminator'], ema_decay=self.ema_decay['discriminator'])
    (g_loss, stats), grads = jax.value_and_grad(self.generator_loss, argnums=1, has_aux=True)(
        g, g.params, d.params, self.latents(g_key, num))
    g = apply_gradients(g, grads, self.optimizers['generator'], stats, self.ema_decay['generator'])
    return (state.replace(players={'generator': g, 'discriminator': d}),
            {'d_loss': d_loss, **metrics, 'g_loss': g_loss})

  def decode(self, state: TrainState, z: jax.Array) -> jax.Array:
    """Both generators on z [B, latent_dim] in inference mode (running batch statistics, EMA weights
    if kept): [B, H, W, 2], the same content in domain A (channel 0) and B (channel 1)."""
    variables = state.players['generator'].variables(use_ema=True)
    return float32(self.generator.apply(variables, z, train=False))

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """`num` joint samples [num, H, W, 2]: one z per sample through both generators."""
    unconditional(label)
    return self.decode(state, self.latents(key, num))
