"""Batches as a pure function of the step: the data set lives on the devices whole, and the batch
of step s is a slice of a permutation that depends only on (seed, epoch), so a resumed run sees
exactly the batches it would have seen."""
import functools

import jax
import numpy as np

from genjax.core.sharding import batch_sharded, global_array
from genjax.errors import GenjaxError


@functools.lru_cache(maxsize=4)  # Thread-safe: the streaming pipeline reads steps in several threads.
def epoch_permutation(seed: int, epoch: int, num_examples: int) -> np.ndarray:
  """The order of the examples in `epoch`: a permutation seeded by (seed, epoch) alone."""
  permutation = np.random.default_rng([seed, epoch]).permutation(num_examples)
  permutation.setflags(write=False)
  return permutation


class EpochShuffle:
  """Host-side batch indices: epoch e is a permutation seeded by (seed, e); the remainder is dropped.
  A step takes the next `batches` * `batch_size` examples of it: indices [batch_size], or
  [batches, batch_size] (consecutive batches) when batches > 1."""

  def __init__(self, num_examples: int, batch_size: int, seed: int, batches: int = 1):
    if batch_size * batches > num_examples:
      per_step = f'batch_size {batch_size}' + (f' x {batches} batches a step' if batches > 1 else '')
      raise GenjaxError(f'{per_step} is larger than the {num_examples} training examples')
    self.num_examples, self.batch_size, self.batches, self.seed = num_examples, batch_size, batches, seed
    self.steps_per_epoch = num_examples // (batch_size * batches)

  def position(self, step: int) -> tuple[int, int]:
    """(epoch, index of the step within the epoch) of `step`."""
    return divmod(step, self.steps_per_epoch)

  def indices(self, step: int) -> np.ndarray:
    epoch, index = self.position(step)
    size = self.batches * self.batch_size
    chosen = epoch_permutation(self.seed, epoch, self.num_examples)[index * size:(index + 1) * size]
    chosen = chosen.astype(np.int32)
    return chosen.reshape(self.batches, self.batch_size) if self.batches > 1 else chosen


def step_indices(shuffle: EpochShuffle, start: int, count: int, mesh: jax.sharding.Mesh) -> jax.Array:
  """The indices of steps [start, start + count) stacked on a leading axis, as a global array split
  over 'data' along its last (batch) axis. `shuffle` may be any object with `indices(step)` (a
  sweep's stacks its seeds' as [seeds, ...])."""
  indices = np.stack([shuffle.indices(step) for step in range(start, start + count)])
  return global_array(indices, batch_sharded(mesh, axis=indices.ndim - 1))


def device_arrays(x: np.ndarray, y: np.ndarray | None, sharding: jax.sharding.Sharding,
                  mask: np.ndarray | None = None) -> dict:
  """The training arrays placed once on the devices ('y' only when labelled, 'mask' only when
  values are missing)."""
  arrays = {'x': x, 'y': y, 'mask': mask}
  return {name: global_array(array, sharding) for name, array in arrays.items() if array is not None}


def gather(arrays: dict, indices: jax.Array) -> dict:
  """The batch at `indices` (inside jit: a device-side gather, no host transfer of data)."""
  return jax.tree.map(lambda a: a[indices], arrays)


def batch_of(resident: dict, step_input) -> dict:
  """A step's batch inside jit: gathered from the `resident` arrays by the step's indices, or, when
  nothing is resident (the streaming path), the batch the step was given."""
  return gather(resident, step_input) if resident else dict(step_input)
