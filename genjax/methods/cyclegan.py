"""CycleGAN (Zhu et al. 2017, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks").

Two translators, G: A -> B and F: B -> A (player 'generator', params {'g_ab', 'g_ba'}), and two
PatchGAN discriminators, D_A on domain A and D_B on domain B (player 'discriminator', params
{'d_a', 'd_b'}), trained on unpaired images (x [H, W, 2]: channel 0 domain A, channel 1 domain B,
from a 'pair:BASE:TRANSFORM' source, `genjax.data.domains`). Losses (Eq. 1-3, Sec. 4's least
squares, Sec. 5.2's identity term):

  G, F minimize  (D_B(G(a)) − 1)^2 + (D_A(F(b)) − 1)^2
                 + λ_cycle (|F(G(a)) − a|_1 + |G(F(b)) − b|_1)
                 + λ_identity λ_cycle (|G(b) − b|_1 + |F(a) − a|_1),
  D_A, D_B minimize LSGAN's 1/2 (D(real) − 1)^2 + 1/2 D(generated)^2 each (`losses.gan`; the halving
                 is the paper's, Sec. 4, "divide the objective by 2"),

each term a mean over pixels (or patch scores). D sees generated images through a history pool
(`image_pool`, 50 images per domain) that lives in the discriminator player's `batch_stats`, so
train_step stays pure. A step takes one batch: G and F take one step, then D_A and D_B one step on
the pool's answer to the images G and F generated in it (the reference implementation's order).

CycleGAN draws nothing from noise (it is not a `Sampler`): `round_trips` maps images across domains and
back, `cycle_errors` measures how well a round trip returns them (`genjax translate`, `genjax eval`).
"""
import jax
import jax.numpy as jnp
import ml_collections

from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.losses.cycle import LEAST_SQUARES, Translate, adversarial_generator_loss, cycle_loss, identity_loss
from genjax.methods import image_pool
from genjax.methods.base import float32
from genjax.nets.translator import PatchDiscriminator, ResidualTranslator

def model_config() -> ml_collections.ConfigDict:
  """Defaults for 28x28: G widths 32 → 64 (one ×2 down-sampling), 6 residual blocks; D widths 64,
  128; λ_cycle 10, λ_identity 0.5, a 50-image pool (the paper's values)."""
  return ml_collections.ConfigDict(dict(
      g_features=(32, 64), residual_blocks=6, d_features=(64, 128),
      lambda_cycle=10.0, lambda_identity=0.5, pool_size=50))


def _check(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  if spec.kind != 'image' or spec.shape[-1] != 2:
    raise GenjaxError(f'CycleGAN needs two-domain images [H, W, 2] (a pair:BASE:TRANSFORM source), '
                      f'got {spec.kind} of shape {spec.shape}')
  if spec.value_range != (-1.0, 1.0):
    raise GenjaxError("CycleGAN needs data.range 'signed': the generators end in tanh")
  if not model.g_features or not model.d_features:
    raise GenjaxError('model.g_features and model.d_features need >= 1 width each')
  for name in ('residual_blocks', 'lambda_cycle', 'lambda_identity', 'pool_size'):
    if model[name] < 0:
      raise GenjaxError(f'model.{name} must be >= 0, got {model[name]}')


def split_domains(x: jax.Array) -> tuple[jax.Array, jax.Array]:
  """Domain A and domain B images, [B, H, W, 1] each, of pairs x [B, H, W, 2]."""
  return x[..., :1], x[..., 1:]


class CycleGAN:
  players = ('generator', 'discriminator')
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses, pools and optimizer state stay float32."""
    _check(model, spec)
    self.model = model
    self.image_shape = (*spec.shape[:2], 1)
    self.translator = ResidualTranslator(tuple(model.g_features), model.residual_blocks, dtype)
    self.discriminator = PatchDiscriminator(tuple(model.d_features), dtype)
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    keys = dict(zip(('g_ab', 'g_ba', 'd_a', 'd_b'), streams(key, 'g_ab', 'g_ba', 'd_a', 'd_b')))
    image = jnp.zeros((batch['x'].shape[0], *self.image_shape))
    pools = {f'pool_{domain}': image_pool.empty_pool(self.model.pool_size, self.image_shape)
             for domain in 'ab'}
    variables = {
        'generator': {'params': {name: self.translator.init(keys[name], image)['params']
                                 for name in ('g_ab', 'g_ba')}},
        'discriminator': {'params': {name: self.discriminator.init(keys[name], image)['params']
                                     for name in ('d_a', 'd_b')},
                          'batch_stats': pools}}
    return new_state({
        name: new_player(variables[name], self.optimizers[name], self.ema_decay[name])
        for name in self.players})

  def translators(self, params) -> tuple[Translate, Translate]:
    """G: A -> B and F: B -> A as functions of images [B, H, W, 1], with generator params `params`."""
    return tuple(lambda x, name=name: float32(self.translator.apply({'params': params[name]}, x))
                 for name in ('g_ab', 'g_ba'))

  def discriminate(self, params, name: str, x: jax.Array) -> jax.Array:
    """Patch scores of discriminator `name` ('d_a' or 'd_b') on images x [B, H, W, 1]."""
    return float32(self.discriminator.apply({'params': params[name]}, x))

  def generator_loss(self, params, d_params, x: jax.Array) -> tuple[jax.Array, tuple[dict, dict]]:
    """Eq. 3 plus the identity term, against D's `d_params`; aux: metrics, and the generated images
    {'a': F(b), 'b': G(a)}."""
    a, b = split_domains(x)
    g_ab, g_ba = self.translators(params)
    fake_b, fake_a = g_ab(a), g_ba(b)
    adversarial = (adversarial_generator_loss(self.discriminate(d_params, 'd_b', fake_b))
                   + adversarial_generator_loss(self.discriminate(d_params, 'd_a', fake_a)))
    cycle = cycle_loss(a, b, g_ab, g_ba)
    total = adversarial + self.model.lambda_cycle * cycle
    metrics = {'g_adversarial': adversarial, 'cycle': cycle}
    if self.model.lambda_identity:
      identity = identity_loss(a, b, g_ab, g_ba)
      total += self.model.lambda_identity * self.model.lambda_cycle * identity
      metrics['identity'] = identity
    return total, ({'g_loss': total, **metrics}, {'a': fake_a, 'b': fake_b})

  def discriminator_loss(self, params, x: jax.Array, fakes: dict) -> tuple[jax.Array, dict]:
    """D_A's and D_B's least-squares losses, summed (separate nets: each gets its own gradient);
    aux: metrics."""
    real = dict(zip('ab', split_domains(x)))
    scores = {domain: (self.discriminate(params, f'd_{domain}', real[domain]),
                       self.discriminate(params, f'd_{domain}', fakes[domain])) for domain in 'ab'}
    total = sum(LEAST_SQUARES.discriminator(*scores[domain]) for domain in 'ab')
    mean_score = lambda i: sum(pair[i].mean() for pair in scores.values()) / 2
    return total, {'d_loss': total, 'd_real': mean_score(0), 'd_fake': mean_score(1)}

  def generator_step(self, state: TrainState, x: jax.Array) -> tuple[TrainState, dict, dict]:
    """One update of G and F; also returns the images they generated before it."""
    g, d = state.players['generator'], state.players['discriminator']
    (_, (metrics, fakes)), grads = jax.value_and_grad(self.generator_loss, has_aux=True)(
        g.params, d.params, x)
    g = apply_gradients(g, grads, self.optimizers['generator'], ema_decay=self.ema_decay['generator'])
    return state.replace(players={**state.players, 'generator': g}), metrics, fakes

  def discriminator_step(self, state: TrainState, x: jax.Array, fakes: dict,
                         key: jax.Array) -> tuple[TrainState, dict]:
    """One update of D_A and D_B on real images and the pools' answers to `fakes`; the pools move."""
    d = state.players['discriminator']
    pools, shown = {}, {}
    for domain, domain_key in zip('ab', jax.random.split(key)):
      shown[domain], pools[f'pool_{domain}'] = image_pool.query(
          d.batch_stats[f'pool_{domain}'], jax.lax.stop_gradient(fakes[domain]), domain_key)
    (_, metrics), grads = jax.value_and_grad(self.discriminator_loss, has_aux=True)(d.params, x, shown)
    d = apply_gradients(d, grads, self.optimizers['discriminator'], pools, self.ema_decay['discriminator'])
    return state.replace(players={**state.players, 'discriminator': d}), metrics

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    state, g_metrics, fakes = self.generator_step(state, batch['x'])
    state, d_metrics = self.discriminator_step(state, batch['x'], fakes, key)
    return state, {**d_metrics, **g_metrics}

  def round_trips(self, state: TrainState, x: jax.Array) -> dict:
    """Pairs x [B, H, W, 2] translated (EMA weights if kept), [B, H, W, 1] each in [-1, 1]: 'ab' G(a),
    'ba' F(b), and the round trips 'aba' F(G(a)), 'bab' G(F(b))."""
    a, b = split_domains(x)
    g_ab, g_ba = self.translators(state.players['generator'].variables(use_ema=True)['params'])
    ab, ba = g_ab(a), g_ba(b)
    return {'ab': ab, 'ba': ba, 'aba': g_ba(ab), 'bab': g_ab(ba)}

  def cycle_errors(self, state: TrainState, x: jax.Array) -> jax.Array:
    """[B, 2]: the mean absolute round-trip error of each pair's a (|F(G(a)) − a|) and b
    (|G(F(b)) − b|), in the data's units."""
    a, b = split_domains(x)
    trips = self.round_trips(state, x)
    error = lambda y, target: jnp.abs(y - target).mean(axis=(1, 2, 3))
    return jnp.stack([error(trips['aba'], a), error(trips['bab'], b)], axis=-1)
