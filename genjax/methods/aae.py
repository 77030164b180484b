"""Adversarial autoencoder (Makhzani et al. 2016): a discriminator matches the codes to a prior p(z).

Each step runs the paper's phases on one batch (Sec. 2), in order:
  reconstruction  encoder and decoder minimize the reconstruction error of x;
  regularization  the discriminator learns to tell prior samples z ~ p(z) (real) from codes of x
                  (fake); then the encoder, as the generator, updates to fool it (`model.loss`, an
                  adversarial loss of `losses.gan`);
  classification  'categorical' with num_labels > 0 only: the encoder's class output minimizes the
                  cross-entropy on a batch drawn from the labelled examples (Sec. 5).
The encoder is deterministic, z = f(x): the first of the paper's choices of q(z|x) (Sec. 2).
Encoder, decoder and discriminator are ReLU MLPs (`hidden`, reversed for the decoder; `d_hidden`).

model.conditioning: how class labels enter.
  none         D judges z alone (Sec. 2); samples decode z ~ p(z).
  concat       supervised (Sec. 2.3, Fig. 3-4): D judges [z, one-hot(y)], and prior samples for
               label y come from region y of the prior, so each class is pushed into its own
               region; samples of label y decode z from region y. Every training label is used
               (the paper's extra 'unlabelled' class for partly labelled data is not built).
  categorical  semi-supervised (Sec. 5, Fig. 8): the encoder outputs class probabilities
               y = softmax(logits) and a style z of `latent_dim`; the decoder reads [y, z]; one
               discriminator matches y to one-hot samples of a uniform categorical, another z to
               p(z). `num_labels` training examples (balanced over classes, picked by
               `labelled_seed`) keep their labels; the others' labels are unused. The trainer
               chooses them from the training set (`genjax.data.labelled`) and hands them to
               the method as `AAE.labelled`.
               With num_labels = 0 no label is used: unsupervised clustering (Sec. 6), the
               cluster of x the argmax of y, with `clusters` clusters (0: one per class of the
               data; the paper uses 16 and 30 on MNIST).
               `temperature` divides the class logits, y = softmax(logits / temperature): the
               same family of encoders (its last layer scaled by 1 / temperature), started
               nearer one-hot and moved faster by the optimizer. Not the paper's (1, a plain
               softmax); below 1 the encoder can make y one-hot, as the categorical
               discriminator demands, before y saturates at one class for every x (see
               configs/aae_digits_clustering.py).

Optimizers, one per player and phase (the paper gives each phase its own learning rate):
optim.autoencoder (reconstruction: encoder and decoder), optim.discriminator, optim.generator
(the encoder in the regularization phase) and, for 'categorical', optim.classifier (the encoder
in the classification phase). The encoder's phase states sit side by side in the autoencoder
player's opt_state, {phase: optax state}.
"""
import jax
import jax.numpy as jnp
import ml_collections
import optax

from genjax import losses, nets
from genjax.core.optim import player_optimizers
from genjax.core.rng import stream, streams
from genjax.core.state import PlayerState, TrainState, apply_gradients, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice
from genjax.methods.aae_priors import REGIONED, make_prior
from genjax.methods.base import check_bernoulli_data, float32, unconditional

CONDITIONINGS = ('none', 'concat', 'categorical')
RECONSTRUCTIONS = ('bernoulli', 'squared_error')
Labels = jax.Array | None
# Nets each phase updates, and the optimizer (config.optim entry) it updates them with.
PHASES = {'reconstruction': (('encoder', 'decoder'), 'autoencoder'),
          'regularization': (('encoder',), 'generator'),
          'classification': (('encoder',), 'classifier')}


def model_config() -> ml_collections.ConfigDict:
  """The paper's MNIST nets (two 1,000-unit ReLU layers each) and a 2-D Gaussian prior."""
  return ml_collections.ConfigDict(dict(
      hidden=(1000, 1000), d_hidden=(1000, 1000), latent_dim=2, prior='gaussian', components=10,
      conditioning='none', reconstruction='bernoulli', loss='non_saturating', num_labels=100,
      labelled_seed=0, clusters=0, temperature=1.0))


def _check(model: ml_collections.ConfigDict, spec: DataSpec) -> None:
  check_choice('model.conditioning', model.conditioning, CONDITIONINGS)
  check_choice('model.reconstruction', model.reconstruction, RECONSTRUCTIONS)
  # The Wasserstein critic needs a Lipschitz penalty, which the AAE does not add.
  check_choice('model.loss', model.loss, [name for name in losses.ADVERSARIAL_LOSSES
                                          if name != 'wasserstein'])
  check_bernoulli_data('model.reconstruction', model.reconstruction, spec)
  if model.conditioning != 'none' and spec.num_classes < 2:
    raise GenjaxError(f"model.conditioning '{model.conditioning}' needs labelled data")
  if model.conditioning == 'concat' and (model.prior not in REGIONED or model.components != spec.num_classes):
    raise GenjaxError(f"model.conditioning 'concat' needs a prior with one region per class: model.prior "
                      f"{' or '.join(REGIONED)} and model.components = {spec.num_classes}")
  if model.num_labels < 0:
    raise GenjaxError(f'model.num_labels must be >= 0, got {model.num_labels}')
  if model.temperature <= 0:
    raise GenjaxError(f'model.temperature must be > 0, got {model.temperature}')
  if model.clusters and (model.conditioning != 'categorical' or model.num_labels or model.clusters < 2):
    raise GenjaxError(f"model.clusters must be 0, or >= 2 for unsupervised clustering (model.conditioning "
                      f"'categorical', model.num_labels = 0), got {model.clusters}")


class AAE:
  """Each phase returns (state, metrics); the adversarial ones take the batch's labels ('concat';
  None otherwise)."""
  players = ('autoencoder', 'discriminator')
  # One optimizer per training phase (PHASES) and the discriminator's; 'classifier' when semi-supervised.
  optimizer_names = ('autoencoder', 'generator', 'discriminator')
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    """`dtype` is the nets' compute dtype; parameters, losses and optimizer state stay float32."""
    _check(model, spec)
    self.model, self.spec = model, spec
    self.prior = make_prior(model.prior, model.latent_dim, model.components)
    self.categorical = model.conditioning == 'categorical'
    self.num_classes = (model.clusters or spec.num_classes) if model.conditioning != 'none' else 0
    class_outputs = self.num_classes if self.categorical else 0
    self.encoder = nets.MLP((*model.hidden, class_outputs + model.latent_dim), dtype=dtype)
    self.decoder = nets.MLPDecoder(hidden=tuple(reversed(model.hidden)), out_shape=spec.shape, dtype=dtype)
    self.discriminator = nets.MLPDiscriminator(hidden=tuple(model.d_hidden), activation='relu', dtype=dtype)
    self.loss = losses.adversarial_loss(model.loss)
    self.classifies = self.categorical and model.num_labels > 0
    # (size, seed) of the labelled subset the classification phase draws from: the trainer chooses it
    # and sets `labelled` (a `genjax.data.labelled.LabelledExamples`); None when no phase reads it.
    self.wants_labelled = (model.num_labels, model.labelled_seed) if self.classifies else None
    self.labelled = None
    self.phases = tuple(phase for phase in PHASES if phase != 'classification' or self.classifies)
    self.optimizers, ema_decay = player_optimizers(
        optim, ('discriminator', *(PHASES[phase][1] for phase in self.phases)))
    for name, decay in ema_decay.items():
      if decay:
        raise GenjaxError(f'optim.{name}.ema_decay must be 0: the AAE keeps no EMA weights')

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    encoder_key, decoder_key, d_key = streams(key, 'encoder', 'decoder', 'discriminator')
    x = batch['x']
    params = {'encoder': self.encoder.init(encoder_key, x.reshape(x.shape[0], -1))['params']}
    code = self._code(params, x)
    params['decoder'] = self.decoder.init(decoder_key, code)['params']
    opt_state = {phase: self.optimizers[optimizer].init({net: params[net] for net in phase_nets})
                 for phase, (phase_nets, optimizer) in PHASES.items() if phase in self.phases}
    d_params = {name: self.discriminator.init(stream(d_key, name), judged)['params']
                for name, judged in self._judged(code, batch.get('y')).items()}
    players = {'autoencoder': PlayerState(params=params, opt_state=opt_state),
               'discriminator': PlayerState(params=d_params,
                                            opt_state=self.optimizers['discriminator'].init(d_params))}
    return new_state(players)

  def _encoder_outputs(self, params: dict, x: jax.Array) -> tuple[jax.Array | None, jax.Array]:
    """(class logits, divided by model.temperature, or None; code z) of flattened x."""
    out = float32(self.encoder.apply({'params': params['encoder']}, x.reshape(x.shape[0], -1)))
    if self.categorical:
      return out[:, :self.num_classes] / self.model.temperature, out[:, self.num_classes:]
    return None, out

  def _code(self, params: dict, x: jax.Array) -> jax.Array:
    """The code of x the decoder reads: z, or [softmax(class logits), style z] for 'categorical'."""
    logits, z = self._encoder_outputs(params, x)
    return jnp.concatenate([jax.nn.softmax(logits), z], axis=-1) if self.categorical else z

  def _judged(self, code: jax.Array, labels: Labels) -> dict:
    """The parts of codes the discriminators judge, {name: [B, D]}: z ('concat': [z, one-hot
    label]), or the class probabilities and the style ('categorical')."""
    if self.categorical:
      return {'categorical': code[:, :self.num_classes], 'style': code[:, self.num_classes:]}
    if self.num_classes:
      return {'z': jnp.concatenate([code, jax.nn.one_hot(labels, self.num_classes)], axis=-1)}
    return {'z': code}

  def _prior_codes(self, key: jax.Array, num: int, labels: Labels) -> jax.Array:
    """Codes drawn from the prior, of classes `labels` or of classes uniformly at random when None
    ('concat': z from the class's region; 'categorical': [one-hot class, style z])."""
    z_key, label_key = streams(key, 'z', 'labels')
    if not self.num_classes:
      return self.prior.sample(z_key, num)
    if labels is None:
      labels = jax.random.randint(label_key, (num,), 0, self.num_classes)
    if self.categorical:
      classes = jax.nn.one_hot(labels, self.num_classes)
      return jnp.concatenate([classes, self.prior.sample(z_key, num)], axis=-1)
    return self.prior.sample_regions(z_key, labels)

  def _discriminate(self, d_params: dict, codes: dict) -> dict:
    return {name: float32(self.discriminator.apply({'params': d_params[name]}, code))
            for name, code in codes.items()}

  def _update(self, player: PlayerState, phase: str, grads: dict) -> PlayerState:
    """One step of `phase`'s optimizer on the nets in `grads`; other nets and phase states stay."""
    params = {net: player.params[net] for net in grads}
    updates, opt_state = self.optimizers[PHASES[phase][1]].update(grads, player.opt_state[phase], params)
    return player.replace(params={**player.params, **optax.apply_updates(params, updates)},
                          opt_state={**player.opt_state, phase: opt_state})

  def _output_mean(self, output: jax.Array) -> jax.Array:
    """Decoder outputs to the data's range: sigmoid for [0, 1] images, tanh for [-1, 1], none for points."""
    if self.spec.kind != 'image':
      return output
    return jax.nn.sigmoid(output) if self.spec.value_range == (0.0, 1.0) else jnp.tanh(output)

  def reconstruction_phase(self, state: TrainState, x: jax.Array) -> tuple[TrainState, dict]:
    """Encoder and decoder take one step on the mean reconstruction error (per example, summed over
    dimensions): Bernoulli cross-entropy, or the squared error of the decoder mean."""
    player = state.players['autoencoder']

    def loss_fn(params):
      output = float32(self.decoder.apply({'params': params['decoder']}, self._code(params, x)))
      if self.model.reconstruction == 'bernoulli':
        return -losses.bernoulli_log_likelihood(output, x).mean()
      return losses.squared_error(self._output_mean(output), x).mean()

    recon, grads = jax.value_and_grad(loss_fn)(player.params)
    player = self._update(player, 'reconstruction', grads)
    return state.replace(players={**state.players, 'autoencoder': player}), {'recon': recon}

  def discriminator_phase(self, state: TrainState, x: jax.Array, labels: Labels,
                          key: jax.Array) -> tuple[TrainState, dict]:
    """The discriminator(s) take one step: prior samples are real, codes of x fake."""
    d = state.players['discriminator']
    fake = jax.lax.stop_gradient(self._judged(self._code(state.players['autoencoder'].params, x), labels))
    real = self._judged(self._prior_codes(key, x.shape[0], labels), labels)

    def loss_fn(params):
      real_out, fake_out = self._discriminate(params, real), self._discriminate(params, fake)
      return sum(self.loss.discriminator(real_out[name], fake_out[name]) for name in real)

    d_loss, grads = jax.value_and_grad(loss_fn)(d.params)
    d = apply_gradients(d, grads, self.optimizers['discriminator'])
    return state.replace(players={**state.players, 'discriminator': d}), {'d_loss': d_loss}

  def generator_phase(self, state: TrainState, x: jax.Array, labels: Labels) -> tuple[TrainState, dict]:
    """The encoder takes one step to make the discriminator(s) call its codes real."""
    player, d_params = state.players['autoencoder'], state.players['discriminator'].params

    def loss_fn(encoder_params):
      outputs = self._discriminate(d_params, self._judged(self._code({'encoder': encoder_params}, x), labels))
      return sum(self.loss.generator(output) for output in outputs.values())

    g_loss, grads = jax.value_and_grad(loss_fn)(player.params['encoder'])
    player = self._update(player, 'regularization', {'encoder': grads})
    return state.replace(players={**state.players, 'autoencoder': player}), {'g_loss': g_loss}

  def classification_phase(self, state: TrainState, num: int, key: jax.Array) -> tuple[TrainState, dict]:
    """The encoder takes one step on the cross-entropy of `num` labelled examples drawn at random."""
    if self.labelled is None:
      raise GenjaxError('the semi-supervised AAE trains on labelled examples the trainer hands it '
                        '(AAE.labelled); it was given none')
    x, y = self.labelled.draw(key, num)
    player = state.players['autoencoder']

    def loss_fn(encoder_params):
      logits, _ = self._encoder_outputs({'encoder': encoder_params}, x)
      loss = optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()
      return loss, jnp.mean(logits.argmax(-1) == y)

    (loss, accuracy), grads = jax.value_and_grad(loss_fn, has_aux=True)(player.params['encoder'])
    player = self._update(player, 'classification', {'encoder': grads})
    return (state.replace(players={**state.players, 'autoencoder': player}),
            {'class_loss': loss, 'class_accuracy': accuracy})

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    prior_key, labelled_key = streams(key, 'prior', 'labelled')
    x = batch['x']
    labels = batch['y'] if self.num_classes and not self.categorical else None
    state, recon_metrics = self.reconstruction_phase(state, x)
    state, d_metrics = self.discriminator_phase(state, x, labels, prior_key)
    state, g_metrics = self.generator_phase(state, x, labels)
    metrics = {**recon_metrics, **d_metrics, **g_metrics}
    if self.classifies:
      state, class_metrics = self.classification_phase(state, x.shape[0], labelled_key)
      metrics.update(class_metrics)
    return state, metrics

  def encode(self, state: TrainState, x: jax.Array) -> jax.Array:
    """Codes of x as the decoder reads them, for latent-space pictures: z, [B, latent_dim], or
    [class probabilities, style z] for 'categorical'."""
    return self._code(state.players['autoencoder'].params, x)

  def decode(self, state: TrainState, code: jax.Array) -> jax.Array:
    """The decoder's output for `code`, in the data's range."""
    output = self.decoder.apply({'params': state.players['autoencoder'].params['decoder']}, code)
    return self._output_mean(float32(output))

  def prior_sample(self, state: TrainState, key: jax.Array, num: int) -> jax.Array:
    """`num` codes from the prior, shaped as `encode`'s (classes uniformly at random)."""
    del state  # The AAE's prior is fixed.
    return self._prior_codes(key, num, None)

  def prior_sample_classes(self, state: TrainState, key: jax.Array, labels: jax.Array) -> jax.Array:
    """One prior code per class in `labels` [num] ('concat': z from the class's region of the prior;
    'categorical': [one-hot class, style z]); refused for a model trained without labels."""
    del state  # The AAE's prior is fixed.
    if not self.num_classes:
      raise GenjaxError("only model.conditioning 'concat' or 'categorical' draws prior codes by class")
    return self._prior_codes(key, labels.shape[0], labels)

  def predict(self, state: TrainState, x: jax.Array) -> dict[str, jax.Array]:
    """'categorical' only: {'logits', 'probs'} of the encoder's class output."""
    if not self.categorical:
      raise GenjaxError("only model.conditioning 'categorical' predicts classes")
    logits, _ = self._encoder_outputs(state.players['autoencoder'].params, x)
    return {'logits': logits, 'probs': jax.nn.softmax(logits)}

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """Decoded prior codes; labelled models draw class `label`, or classes uniformly at random when
    it is None ('concat': z from the class's region; 'categorical': its one-hot class code)."""
    if not self.num_classes:
      unconditional(label)
    labels = None if label is None else jnp.full((num,), label, jnp.int32)
    return self.decode(state, self._prior_codes(key, num, labels))
