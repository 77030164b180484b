"""The contract every method meets; the trainer, sampler and tests rely on nothing else."""
from typing import Any, Callable, Protocol

import jax
import jax.numpy as jnp

from genjax.core.state import TrainState
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, choose


class Method(Protocol):
  players: tuple[str, ...]
  optimizer_names: tuple[str, ...]  # The config.optim entries it reads (`base_config` fills them).
  generative: bool  # False for methods that draw no samples (e.g. the domain classifier).
  batches_per_step: int  # Batches of config.batch_size a step takes; more than one come stacked, [n, B, ...].

  def init(self, key: jax.Array, batch: dict) -> TrainState:
    """A fresh state at step 0 (shapes from `batch`; its values are not used)."""

  def train_step(self, state: TrainState, batch: dict, key: jax.Array) -> tuple[TrainState, dict]:
    """One update of every player; returns the new state (step unchanged) and scalar metrics."""

  def sample(self, state: TrainState, key: jax.Array, num: int, label: int | None = None) -> jax.Array:
    """`num` samples in the data's shape and range; of class `label` for conditional models."""


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
