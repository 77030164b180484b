"""The contract every method meets (`Method`) and the capabilities only some have, one runtime-checkable
protocol each: the trainer, tools and tests check these with isinstance and rely on nothing else."""
from typing import Any, Callable, Protocol, runtime_checkable

import jax
import jax.numpy as jnp

from genjax.core.state import TrainState
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, choose
from genjax.losses.gan import AdversarialLoss


class Method(Protocol):
  players: tuple[str, ...]
  optimizer_names: tuple[str, ...]  # The config.optim entries it reads (`base_config` fills them).
  batches_per_step: int  # Batches of config.batch_size a step takes; more than one come stacked, [n, B, ...].

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    """A fresh state at step 0 (shapes from `batch`; its values are not used)."""

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    """One update of every player; returns the new state (step unchanged) and scalar metrics."""


@runtime_checkable
class Sampler(Protocol):
  """Draws samples (every method but the domain classifier and CycleGAN, which translates)."""

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """`num` samples in the data's shape and range; of class `label` for conditional models."""


@runtime_checkable
class ClassConditional(Sampler, Protocol):
  """Can be trained on class labels: then `sample` draws the class it is given."""
  num_classes: int  # The classes `sample(label=...)` draws; 0 when trained without labels.


@runtime_checkable
class Encoder(Protocol):
  """Maps examples to latent codes."""

  def encode(self, state: TrainState, x: jax.Array) -> jax.Array:
    """Codes [B, D] of examples x [B, ...], as `decode` reads them."""


@runtime_checkable
class Decoder(Protocol):
  """Maps latent codes to examples."""

  def decode(self, state: TrainState, z: jax.Array) -> jax.Array:
    """Examples in the data's shape and range decoded from latents z [B, D]."""


@runtime_checkable
class ClassPredictor(Protocol):
  """Predicts the class of examples (the domain classifier, the categorical AAE)."""

  def predict(self, state: TrainState, x: jax.Array) -> dict[str, jax.Array]:
    """{'probs': class probabilities [B, classes], ...} of examples x [B, ...]."""


@runtime_checkable
class PriorSampler(Protocol):
  """Draws codes from its prior over the latents (fixed or learned)."""

  def prior_sample(self, state: TrainState, key: jax.Array, num: int) -> jax.Array:
    """`num` codes [num, D] of the prior, shaped as `encode` gives them."""


@runtime_checkable
class ClassPriorSampler(PriorSampler, Protocol):
  """Draws prior codes of given classes (the AAE trained with labels or clusters)."""

  def prior_sample_classes(self, state: TrainState, key: jax.Array, labels: jax.Array) -> jax.Array:
    """One code per class in `labels` [num], shaped as `encode` gives them."""


@runtime_checkable
class NoiseSampler(Protocol):
  """Draws its generator's input noise (a fixed distribution: no state needed)."""

  def latents(self, key: jax.Array, num: int) -> jax.Array:
    """`num` latents z [num, D] as `sample` draws them."""


@runtime_checkable
class LikelihoodBound(Protocol):
  """Bounds the log-likelihood of examples by importance sampling."""

  def log_importance_weights(self, params: dict, x: jax.Array, key: jax.Array, num_samples: int) -> jax.Array:
    """log p(x, z_i) − log q(z_i|x) for z_i ~ q(z|x), [B, num_samples] nats: the IWAE bound's weights."""


@runtime_checkable
class Translator(Protocol):
  """Translates pairs of images across two domains."""

  def round_trips(self, state: TrainState, x: jax.Array) -> dict:
    """Pairs x [B, H, W, 2] translated: 'ab', 'ba' and the round trips 'aba', 'bab', [B, H, W, 1] each."""

  def cycle_errors(self, state: TrainState, x: jax.Array) -> jax.Array:
    """[B, 2]: the mean absolute round-trip error of each pair's a and b, in the data's units."""


@runtime_checkable
class AdversarialField(Protocol):
  """Shows its game on the data space: D's output anywhere, and the push D gives generated points."""
  loss: AdversarialLoss  # Its `probabilistic` says whether D's outputs are logits of P(real).

  def discriminator_outputs(self, state: TrainState, x: jax.Array) -> jax.Array:
    """D's raw outputs on examples x [B, ...] (logits or critic scores)."""

  def generator_push(self, state: TrainState, x: jax.Array) -> jax.Array:
    """-∇_x of G's loss at samples x [B, ...]: the direction D's gradient moves each."""


@runtime_checkable
class LearnsFromLabelledSubset(Protocol):
  """Trains on a fixed labelled subset of the training set besides its batches (the semi-supervised
  AAE); the trainer chooses the subset (`genjax.data.labelled`) and hands it over as `labelled`."""
  wants_labelled: tuple[int, int] | None  # (size, seed) of the subset; None when no phase reads it.
  labelled: Any  # A `genjax.data.labelled.LabelledExamples`, set by the trainer.


@runtime_checkable
class GroupsItsBatch(Protocol):
  """Splits each batch into groups (PacGAN's packs): the batch size must divide evenly."""
  batch_divisors: dict[str, int]  # {model key: group size}, e.g. {'model.pack': 4}.


def pick_net(name: str, role: str, spec: DataSpec, builders: dict[str, Callable[[], Any]]):
  """Builds the net `name` for `role` (e.g. model.encoder); point-data only takes 'mlp' nets."""
  build = choose(f'model.{role}', name, builders)
  if name != 'mlp' and spec.kind != 'image':
    raise GenjaxError(f"model.{role} '{name}' needs image data, not {spec.kind}")
  return build()


def check_bernoulli_data(field: str, name: str, spec: DataSpec, kind: str = 'image') -> None:
  """Refuses `field` = 'bernoulli' unless the data are of `kind` ('image' or 'sequence') in [0, 1]."""
  if name == 'bernoulli' and (spec.kind != kind or spec.value_range != (0.0, 1.0)):
    what = 'frames' if kind == 'sequence' else 'images'
    raise GenjaxError(f"{field} 'bernoulli' needs {what} in [0, 1] (data.range 'unit')")


def unconditional(label: int | None) -> None:
  """Refuses a class label for a model that was not trained with labels."""
  if label is not None:
    raise GenjaxError('this model is unconditional: it samples no class label')


def float32(tree):
  """Net outputs back to float32 before any loss (a bfloat16 compute policy stops at the nets)."""
  return jax.tree.map(lambda x: x.astype(jnp.float32), tree)
