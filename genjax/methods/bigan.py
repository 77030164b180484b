"""BiGAN / ALI and BigBiGAN: a GAN that also learns an encoder, judged on joint pairs (x, z).

BiGAN (Donahue et al. 2017, "Adversarial Feature Learning"; ALI, Dumoulin et al. 2017): an encoder
E(x), a generator G(z) and a discriminator D(x, z) that tells encoder pairs (x, E(x)) from
generator pairs (G(z), z). Eq. 3: V(D, E, G) = E_x[log D(x, E(x))] + E_z[log(1 − D(G(z), z))];
D maximizes V, E and G minimize it.
BigBiGAN (Donahue & Simonyan 2019, "Large Scale Adversarial Representation Learning", Sec. 2):
D gives three scores, s_xz of the pair, s_x of x alone and s_z of z alone; D minimizes the hinge
loss summed over the three, l_D = Σ_s h(y·s), h(t) = max(0, 1 − t), and E and G minimize
l_EG = y·(s_x + s_z + s_xz), with y = +1 for encoder pairs and −1 for generator pairs, averaged.

Both are this method: model.unary_terms adds s_x and s_z (BigBiGAN) to s_xz (BiGAN), and each loss
is summed over the scores D gives. model.loss names an adversarial loss of `losses.gan`:
  minimax         BiGAN's Eq. 3 as written.
  non_saturating  E/G minimize D's cross-entropy with the labels flipped (encoder pairs called
                  fake, generator pairs real), as BiGAN trains in practice.
  hinge           BigBiGAN's l_D and l_EG.
E/G's loss is the loss's generator term on the generator pairs' scores plus the same term on the
encoder pairs' negated scores: V itself for 'minimax', the flipped-label cross-entropy for
'non_saturating', l_EG for 'hinge'.

A step takes one batch: D takes one step, then E and G one step together against the updated D,
each drawing fresh z from the prior (model.prior: N(0, I), or uniform on [-1, 1]^d as in
BiGAN's MNIST runs). The encoder is deterministic. The 'generator' player holds the parameters
{'generator', 'encoder'} and one optimizer (optim.generator); the 'discriminator' player holds D's.
"""
import flax.linen as nn
import jax
import jax.numpy as jnp
import ml_collections

from genjax import losses, nets
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import PlayerState, TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.base import float32, pick_net, unconditional
from genjax.methods.gan_players import build_generator

LOSSES = ('minimax', 'non_saturating', 'hinge')
PRIORS = ('gaussian', 'uniform')
Scores = dict[str, jax.Array]


def model_config() -> ml_collections.ConfigDict:
  """Defaults: MLP nets of 1,024-unit layers, a 50-D code (BiGAN's on MNIST), the joint score only."""
  return ml_collections.ConfigDict(dict(
      latent_dim=50, prior='gaussian', loss='non_saturating', unary_terms=False,
      generator='mlp', g_hidden=(1024, 1024), g_features=(128, 64), g_batchnorm=True,
      g_upsample='transposed', g_hidden_dense=0,
      encoder='mlp', e_hidden=(1024, 1024), e_features=(64, 128), e_batchnorm=False,
      discriminator='mlp', d_hidden=(1024,), d_features=(64, 128), z_hidden=(1024,), joint_hidden=(1024,)))


def _check(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  check_choice('model.loss', model.loss, LOSSES)
  check_choice('model.prior', model.prior, PRIORS)
  check_choice('model.generator', model.generator, ('mlp', 'dcgan'))
  if spec.kind == 'image' and spec.value_range != (-1.0, 1.0):
    raise GenjaxError("a BiGAN on images needs data.range 'signed': the generator ends in tanh")


def discriminator_loss(loss: losses.AdversarialLoss, encoder_scores: Scores, generator_scores: Scores) -> jax.Array:
  """D's loss summed over its scores, encoder pairs real: −V of BiGAN's Eq. 3 ('minimax'), BigBiGAN's
  l_D ('hinge', Sec. 2)."""
  return sum(loss.discriminator(encoder_scores[name], generator_scores[name]) for name in encoder_scores)


def encoder_generator_loss(loss: losses.AdversarialLoss, encoder_scores: Scores,
                           generator_scores: Scores) -> jax.Array:
  """E and G's loss summed over D's scores: V of BiGAN's Eq. 3 ('minimax'), its label-flipped
  cross-entropy ('non_saturating'), BigBiGAN's l_EG = E[s(x, E(x))] − E[s(G(z), z)] ('hinge')."""
  return sum(loss.generator(generator_scores[name]) + loss.generator(-encoder_scores[name])
             for name in encoder_scores)


class BiGAN:
  players = ('generator', 'discriminator')
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    _check(model, spec)
    self.model = model
    self.loss = losses.adversarial_loss(model.loss)
    self.nets = {
        'generator': build_generator(model, spec, 0, dtype),
        'encoder': pick_net(model.encoder, 'encoder', spec, {
            'mlp': lambda: self._encoder('mlp', model.e_hidden, dtype),
            'dcgan': lambda: self._encoder('dcgan', model.e_features, dtype)})}
    x_trunk = pick_net(model.discriminator, 'discriminator', spec, {
        'mlp': lambda: nets.Trunk('mlp', tuple(model.d_hidden), dtype=dtype),
        'dcgan': lambda: nets.Trunk('dcgan', tuple(model.d_features), dtype=dtype)})
    self.discriminator = nets.JointDiscriminator(x_trunk, tuple(model.z_hidden), tuple(model.joint_hidden),
                                                 model.unary_terms, dtype=dtype)
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def _encoder(self, kind: str, widths, dtype: jnp.dtype) -> nn.Module:
    """E(x): a LeakyReLU trunk, then a linear layer to the code."""
    trunk = nets.Trunk(kind, tuple(widths), use_batchnorm=self.model.e_batchnorm, dtype=dtype)
    return nn.Sequential([trunk, nn.Dense(self.model.latent_dim, dtype=dtype)])

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    g_key, e_key, d_key = streams(key, 'generator', 'encoder', 'discriminator')
    x = batch['x']
    z = jnp.zeros((x.shape[0], self.model.latent_dim))
    variables = {'generator': self.nets['generator'].init(g_key, z, train=False),
                 'encoder': self.nets['encoder'].init(e_key, x, train=False)}
    g_variables = {'params': {name: v['params'] for name, v in variables.items()},
                   'batch_stats': {name: v['batch_stats'] for name, v in variables.items() if 'batch_stats' in v}}
    players = {'generator': g_variables, 'discriminator': self.discriminator.init(d_key, x, z, train=False)}
    return new_state({
        name: new_player(players[name], self.optimizers[name], self.ema_decay[name])
        for name in self.players})

  @staticmethod
  def _variables(player: PlayerState, name: str, params: dict) -> dict:
    """The `variables` of net `name` of the generator player, with `params` {name: ...}."""
    variables = {'params': params[name]}
    if name in player.batch_stats:
      variables['batch_stats'] = player.batch_stats[name]
    return variables

  def _run(self, name: str, player: PlayerState, inputs: jax.Array, params: dict) -> tuple[jax.Array, dict]:
    """G(z) or E(x) ('generator' or 'encoder') in training mode; and {name: new batch statistics}
    when the net has batch norm."""
    outputs, updates = self.nets[name].apply(self._variables(player, name, params), inputs, train=True,
                                             mutable=['batch_stats'])
    return float32(outputs), ({name: updates['batch_stats']} if 'batch_stats' in updates else {})

  def _infer(self, name: str, state: TrainState, inputs: jax.Array) -> jax.Array:
    """G(z) or E(x) in inference mode: running batch statistics, EMA weights if kept."""
    player = state.players['generator']
    variables = self._variables(player, name, player.variables(use_ema=True)['params'])
    return float32(self.nets[name].apply(variables, inputs, train=False))

  def _scores(self, params, x: jax.Array, z: jax.Array) -> Scores:
    return float32(self.discriminator.apply({'params': params}, x, z))

  def prior_sample(self, state: TrainState, key: jax.Array, num: int) -> jax.Array:
    """`num` codes z ~ p(z), [num, latent_dim]."""
    del state  # The prior is fixed.
    shape = (num, self.model.latent_dim)
    if self.model.prior == 'uniform':
      return jax.random.uniform(key, shape, minval=-1.0, maxval=1.0)
    return jax.random.normal(key, shape)

  def discriminator_step(self, state: TrainState, x: jax.Array, key: jax.Array) -> tuple[TrainState, dict]:
    """D takes one step on encoder pairs (x, E(x)) against generator pairs (G(z), z)."""
    g, d = state.players['generator'], state.players['discriminator']
    z = self.prior_sample(state, key, x.shape[0])
    codes = jax.lax.stop_gradient(self._run('encoder', g, x, g.params)[0])
    fake = jax.lax.stop_gradient(self._run('generator', g, z, g.params)[0])

    def loss_fn(params):
      encoder_scores, generator_scores = self._scores(params, x, codes), self._scores(params, fake, z)
      return discriminator_loss(self.loss, encoder_scores, generator_scores), (encoder_scores, generator_scores)

    (d_loss, (encoder_scores, generator_scores)), grads = jax.value_and_grad(loss_fn, has_aux=True)(d.params)
    d = apply_gradients(d, grads, self.optimizers['discriminator'], ema_decay=self.ema_decay['discriminator'])
    squash = jax.nn.sigmoid if self.loss.probabilistic else (lambda s: s)
    metrics = {'d_loss': d_loss, 'd_real': squash(encoder_scores['xz']).mean(),
               'd_fake': squash(generator_scores['xz']).mean()}
    return state.replace(players={**state.players, 'discriminator': d}), metrics

  def encoder_generator_step(self, state: TrainState, x: jax.Array, key: jax.Array) -> tuple[TrainState, dict]:
    """E and G take one step together against D."""
    g, d_params = state.players['generator'], state.players['discriminator'].params
    z = self.prior_sample(state, key, x.shape[0])

    def loss_fn(params):
      codes, encoder_stats = self._run('encoder', g, x, params)
      fake, generator_stats = self._run('generator', g, z, params)
      loss = encoder_generator_loss(self.loss, self._scores(d_params, x, codes), self._scores(d_params, fake, z))
      return loss, {**g.batch_stats, **encoder_stats, **generator_stats}

    (eg_loss, stats), grads = jax.value_and_grad(loss_fn, has_aux=True)(g.params)
    g = apply_gradients(g, grads, self.optimizers['generator'], stats, self.ema_decay['generator'])
    return state.replace(players={**state.players, 'generator': g}), {'eg_loss': eg_loss}

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    d_key, eg_key = streams(key, 'd_z', 'eg_z')
    state, d_metrics = self.discriminator_step(state, batch['x'], d_key)
    state, eg_metrics = self.encoder_generator_step(state, batch['x'], eg_key)
    return state, {**d_metrics, **eg_metrics}

  def encode(self, state: TrainState, x: jax.Array) -> jax.Array:
    """E(x), [B, latent_dim]: the learned features (linear probes, `genjax latents`)."""
    return self._infer('encoder', state, x)

  def decode(self, state: TrainState, z: jax.Array) -> jax.Array:
    """G(z) in the data's shape and range."""
    return self._infer('generator', state, z)

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    unconditional(label)
    return self.decode(state, self.prior_sample(state, key, num))
