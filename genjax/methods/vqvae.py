"""VQ-VAE (van den Oord et al. 2017) with an autoregressive PixelCNN prior over its codes.

Player 'vqvae' (encoder, decoder and, unless EMA moves it, the codebook) minimizes Eq. 3 per
example, summed over the code grid:

  −log p(x | z_q) + ||sg[z_e] − e||² + β ||z_e − sg[e]||²,

where each encoder output z_e is replaced by its nearest code e before decoding and the
reconstruction gradient is copied straight through from z_q to z_e. Options (model config):

  codebook_ema     the codebook follows EMAs of the encoder outputs assigned to each code (Appendix
                   A.1; decay `codebook_decay`, Laplace smoothing `codebook_epsilon`) and lives in
                   the player's batch_stats; the codebook term is then left out of the loss.
  restart_after    dead-code restarts: a code that no batch has used for this many consecutive steps
                   moves onto an encoder output of the current batch drawn at random (under EMA
                   with count N_i = 1); 0 turns restarts off.

Player 'prior', a PixelCNN (van den Oord et al. 2016) over the code grid, is fitted by maximum
likelihood in the same step to the codes the encoder gives the batch (integer indices: no
gradient reaches the encoder). Samples draw a code grid from the prior, position by position, and
decode it. Logged: the loss terms, the codes' perplexity in the batch, the codes restarted, and
the prior's NLL in nats per code grid.
"""
import jax
import jax.numpy as jnp
import ml_collections
import optax

from genjax import losses, nets
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import PlayerState, TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.base import check_bernoulli_data, float32, unconditional
from genjax.nets import vector_quantizer as vq
from genjax.nets.code_grid import grid_shape
from genjax.nets.pixelcnn import sample_grid

LIKELIHOODS = ('bernoulli', 'gaussian')


def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(dict(
      features=(32, 64), code_dim=16, num_codes=64, beta=0.25, likelihood='bernoulli',
      codebook_ema=False, codebook_decay=0.99, codebook_epsilon=1e-5, restart_after=100,
      prior_features=64, prior_layers=4, prior_kernel=5))


def _check(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  if spec.kind != 'image':
    raise GenjaxError(f'a VQ-VAE needs image data, not {spec.kind}')
  check_choice('model.likelihood', model.likelihood, LIKELIHOODS)
  check_bernoulli_data('model.likelihood', model.likelihood, spec)
  scale = 2**len(model.features)
  if not model.features or spec.shape[0] % scale or spec.shape[1] % scale:
    raise GenjaxError(f'model.features {tuple(model.features)}: image sides {spec.shape[:2]} must be '
                      f'divisible by 2^{len(model.features)} (one halving per entry, at least one)')
  if model.num_codes < 1:
    raise GenjaxError(f'model.num_codes must be >= 1, got {model.num_codes}')
  if model.beta < 0 or model.restart_after < 0 or model.prior_layers < 0:
    raise GenjaxError('model.beta, model.restart_after and model.prior_layers must be >= 0')
  if not 0 < model.codebook_decay < 1 or not model.codebook_epsilon > 0:
    raise GenjaxError('model.codebook_decay must be in (0, 1) and model.codebook_epsilon > 0')
  if model.prior_kernel < 1 or model.prior_kernel % 2 == 0:
    raise GenjaxError(f'model.prior_kernel must be a positive odd number, got {model.prior_kernel}')


class VQVAE:
  players = ('vqvae', 'prior')
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, codebook, losses and optimizers stay float32."""
    _check(model, spec)
    self.model = model
    height, width, channels = spec.shape
    self.grid = grid_shape(height, width, len(model.features))
    self.encoder = nets.GridEncoder(model.code_dim, tuple(model.features), dtype=dtype)
    self.decoder = nets.GridDecoder(channels, tuple(reversed(model.features)), dtype=dtype)
    self.prior = nets.PixelCNN(model.num_codes, model.prior_features, model.prior_layers,
                               model.prior_kernel, dtype=dtype)
    self.optimizers, self.ema_decay = player_optimizers(optim, self.players)

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    m = self.model
    encoder_key, decoder_key, codebook_key, prior_key = streams(key, 'encoder', 'decoder', 'codebook', 'prior')
    params = {'encoder': self.encoder.init(encoder_key, batch['x'])['params'],
              'decoder': self.decoder.init(decoder_key, jnp.zeros((1, *self.grid, m.code_dim)))['params']}
    codebook = vq.init_codebook(codebook_key, m.num_codes, m.code_dim)
    stats = {'unused_steps': jnp.zeros(m.num_codes, jnp.int32)}
    if m.codebook_ema:
      stats.update(vq.ema_state(codebook))
    else:
      params['codebook'] = codebook
    prior_params = self.prior.init(prior_key, jnp.zeros((1, *self.grid), jnp.int32))['params']
    variables = {'vqvae': {'params': params, 'batch_stats': stats}, 'prior': {'params': prior_params}}
    players = {name: new_player(variables[name], self.optimizers[name], self.ema_decay[name])
               for name in self.players}
    return new_state(players)

  def codebook(self, params: dict, stats: dict) -> jax.Array:
    """[K, D]: a parameter, or under EMA a batch statistic."""
    return stats['codebook'] if self.model.codebook_ema else params['codebook']

  def terms(self, params: dict, stats: dict, x: jax.Array) -> tuple[dict, tuple[jax.Array, jax.Array]]:
    """Per-example loss and its terms; and the encoder outputs [B, h, w, D] with their codes [B, h, w]."""
    z_e = float32(self.encoder.apply({'params': params['encoder']}, x))
    codebook = self.codebook(params, stats)
    codes = vq.nearest_codes(z_e, codebook)
    z_q = codebook[codes]
    output = float32(self.decoder.apply({'params': params['decoder']}, vq.straight_through(z_e, z_q)))
    if self.model.likelihood == 'bernoulli':
      recon = -losses.bernoulli_log_likelihood(output, x)
    else:  # A Gaussian decoder of fixed variance: the squared error.
      recon = losses.squared_error(output, x)
    terms = {'recon': recon, 'commitment': losses.commitment_loss(z_e, z_q)}
    terms['loss'] = recon + self.model.beta * terms['commitment']
    if not self.model.codebook_ema:
      terms['codebook'] = losses.codebook_loss(z_e, z_q)
      terms['loss'] += terms['codebook']
    return terms, (z_e, codes)

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    autoencoder = state.players['vqvae']

    def loss_fn(params):
      terms, outputs = self.terms(params, autoencoder.batch_stats, batch['x'])
      terms = jax.tree.map(jnp.mean, terms)
      return terms['loss'], (terms, outputs)

    grads, (metrics, (z_e, codes)) = jax.grad(loss_fn, has_aux=True)(autoencoder.params)
    autoencoder = apply_gradients(autoencoder, grads, self.optimizers['vqvae'], ema_decay=self.ema_decay['vqvae'])
    autoencoder, restarted = self._move_codebook(autoencoder, z_e, codes, streams(key, 'restart')[0])
    prior, prior_nll = self._fit_prior(state.players['prior'], codes)
    metrics.update(perplexity=vq.code_perplexity(codes, self.model.num_codes), restarted=restarted,
                   prior_nll=prior_nll)
    return state.replace(players={'vqvae': autoencoder, 'prior': prior}), metrics

  def _move_codebook(self, player: PlayerState, z_e: jax.Array, codes: jax.Array,
                     key: jax.Array) -> tuple[PlayerState, jax.Array]:
    """The EMA update (if on), then dead-code restarts; returns the player and the codes restarted."""
    m = self.model
    params, stats = player.params, dict(player.batch_stats)
    if m.codebook_ema:
      stats.update(vq.ema_update(stats, z_e, codes, m.codebook_decay, m.codebook_epsilon))
    stats['unused_steps'] = vq.steps_unused(stats['unused_steps'], codes)
    if not m.restart_after:
      return player.replace(batch_stats=stats), jnp.zeros(())
    dead = stats['unused_steps'] >= m.restart_after
    codebook = vq.restart_dead_codes(key, self.codebook(params, stats), dead, z_e)
    if m.codebook_ema:  # A restarted code counts as one vector assigned to it: N_i = 1, m_i = e_i.
      stats.update(codebook=codebook, cluster_size=jnp.where(dead, 1.0, stats['cluster_size']),
                   cluster_sum=jnp.where(dead[:, None], codebook, stats['cluster_sum']))
    else:
      params = {**params, 'codebook': codebook}
    stats['unused_steps'] = jnp.where(dead, 0, stats['unused_steps'])
    return player.replace(params=params, batch_stats=stats), jnp.sum(dead).astype(jnp.float32)

  def _fit_prior(self, player: PlayerState, codes: jax.Array) -> tuple[PlayerState, jax.Array]:
    """One optimizer step of the prior's NLL of `codes` (nats per grid, batch mean)."""
    def loss_fn(params):
      logits = float32(self.prior.apply({'params': params}, codes))
      return optax.softmax_cross_entropy_with_integer_labels(logits, codes).sum((1, 2)).mean()

    nll, grads = jax.value_and_grad(loss_fn)(player.params)
    return apply_gradients(player, grads, self.optimizers['prior'], ema_decay=self.ema_decay['prior']), nll

  def decode_codes(self, player: PlayerState, codes: jax.Array) -> jax.Array:
    """Images from code grids [B, h, w]: Bernoulli means (probabilities) or Gaussian means."""
    params = player.variables(use_ema=True)['params']
    z_q = self.codebook(params, player.batch_stats)[codes]
    output = float32(self.decoder.apply({'params': params['decoder']}, z_q))
    return jax.nn.sigmoid(output) if self.model.likelihood == 'bernoulli' else output

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """Decoded code grids drawn from the PixelCNN prior (EMA weights where kept)."""
    unconditional(label)
    prior_params = state.players['prior'].variables(use_ema=True)['params']
    codes = sample_grid(lambda c: self.prior.apply({'params': prior_params}, c), key, num, self.grid)
    return self.decode_codes(state.players['vqvae'], codes)
