"""A supervised digit classifier, trained by genjax itself, for domain metrics.

Its penultimate features give "FID (classifier features)" and its softmax a domain Inception
Score, the usual practice for MNIST-scale work where ImageNet features say little. Training uses
cross-entropy with small random translations of the input (±`shift` pixels) as augmentation.
"""
import jax
import jax.numpy as jnp
import ml_collections
import optax

from genjax import nets
from genjax.core.optim import player_optimizers
from genjax.core.rng import streams
from genjax.core.state import TrainState, apply_gradients, new_player, new_state
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.base import float32


def model_config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict(dict(features=(16, 32), dense=128, dropout=0.3, shift=2))


class Classifier:
  players = ('classifier',)
  optimizer_names = players
  batches_per_step = 1

  def __init__(self, model: ml_collections.ConfigDict, optim: ml_collections.ConfigDict, spec: DataSpec,
               dtype: jnp.dtype = jnp.float32):
    if spec.kind != 'image' or spec.num_classes < 2:
      raise GenjaxError('the classifier needs labelled images (a source with labels, e.g. digits or mnist)')
    if model.shift < 0:
      raise GenjaxError(f'model.shift must be >= 0, got {model.shift}')
    self.model = model
    self.net = nets.ConvClassifier(num_classes=spec.num_classes, features=tuple(model.features),
                                   dense=model.dense, dropout=model.dropout, dtype=dtype)
    self.optimizers, _ = player_optimizers(optim, self.players)  # It keeps no EMA weights.

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    variables = self.net.init(key, batch['x'], train=False)
    player = new_player(variables, self.optimizers['classifier'])
    return new_state({'classifier': player})

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    shift_key, dropout_key = streams(key, 'shift', 'dropout')
    x = random_shift(shift_key, batch['x'], self.model.shift)
    player = state.players['classifier']

    def loss_fn(params):
      logits = float32(self.net.apply({'params': params}, x, train=True,
                                      rngs={'dropout': dropout_key})['logits'])
      loss = optax.softmax_cross_entropy_with_integer_labels(logits, batch['y']).mean()
      return loss, jnp.mean(jnp.argmax(logits, -1) == batch['y'])

    (loss, accuracy), grads = jax.value_and_grad(loss_fn, has_aux=True)(player.params)
    player = apply_gradients(player, grads, self.optimizers['classifier'])
    return state.replace(players={'classifier': player}), {'loss': loss, 'accuracy': accuracy}

  def predict(self, state: TrainState, x: jax.Array) -> dict[str, jax.Array]:
    """Inference: {'features': penultimate activations, 'probs': class probabilities}."""
    out = float32(self.net.apply(state.players['classifier'].variables(), x, train=False))
    return {'features': out['features'], 'probs': jax.nn.softmax(out['logits'])}


def random_shift(key: jax.Array, x: jax.Array, shift: int) -> jax.Array:
  """Each image translated by up to ±`shift` pixels (zero fill), independently per image."""
  if shift == 0:
    return x
  padded = jnp.pad(x, ((0, 0), (shift, shift), (shift, shift), (0, 0)))
  offsets = jax.random.randint(key, (x.shape[0], 2), 0, 2 * shift + 1)
  crop = lambda image, offset: jax.lax.dynamic_slice(image, (offset[0], offset[1], 0), x.shape[1:])
  return jax.vmap(crop)(padded, offsets)
