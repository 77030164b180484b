"""The divergence guard: a step that produces a non-finite loss or state is skipped, in the jitted
step itself, and a run of such steps stops training.

Inside the step (`keep_if_finite`), the new state or the old one is kept by one flag: the
step's metrics (losses) and every floating-point leaf of its new state (parameters, optimizer moments,
batch statistics) are finite. A NaN or infinite gradient shows up there too, through the update. A
skipped step still advances the step counter (its batch is passed over) and reports `skipped` = 1,
so no host sync is needed per step. The host (`ConsecutiveSkips`) reads those flags with the logged
metrics and stops the run once `patience` consecutive steps were skipped.
"""
import jax
import jax.numpy as jnp
import numpy as np

from genjax.errors import GenjaxError

SKIPPED = 'skipped'


def all_finite(tree) -> jax.Array:
  """True when every floating-point value in `tree` is finite."""
  leaves = [leaf for leaf in jax.tree.leaves(tree) if jnp.issubdtype(jnp.result_type(leaf), jnp.inexact)]
  return jnp.all(jnp.stack([jnp.isfinite(leaf).all() for leaf in leaves])) if leaves else jnp.array(True)


def keep_if_finite(old, new, metrics: dict):
  """`new` if it and `metrics` are finite, else `old`; `metrics` gain `skipped` (0.0 or 1.0)."""
  finite = all_finite((new, metrics))
  # lax.cond, not a select per leaf: XLA:CPU compiles a select over a large state far slower (3x
  # the whole step's compile time for biggan_digits). Under vmap (a sweep) it becomes a select.
  kept = jax.lax.cond(finite, lambda: new, lambda: old)
  return kept, {**metrics, SKIPPED: 1.0 - finite.astype(jnp.float32)}


class ConsecutiveSkips:
  """Counts consecutive skipped steps, per seed, across log intervals; 0 `patience` never stops."""

  def __init__(self, patience: int):
    self.patience = patience
    self.count = np.zeros(())

  def update(self, skipped: np.ndarray, step: int) -> None:
    """`skipped` [..., K]: the flags of the last K steps, in order (a leading seed axis in a sweep).
    Raises GenjaxError once every seed has `patience` consecutive skips."""
    for flags in np.moveaxis(np.asarray(skipped), -1, 0):
      self.count = np.where(flags > 0, self.count + 1, 0)
    if self.patience and np.all(self.count >= self.patience):
      raise GenjaxError(
          f'training diverged: the last {int(np.min(self.count))} steps up to step {step} gave non-finite '
          f'losses or parameters and were skipped (max_consecutive_skips={self.patience}); the '
          'checkpoints hold the last finite state: resume with a lower learning rate')
