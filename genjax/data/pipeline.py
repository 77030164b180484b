"""Batches as a pure function of the step: the data set lives on the devices whole, and the batch
of step s is a slice of a permutation that depends only on (seed, epoch), so a resumed run sees
exactly the batches it would have seen."""
import jax
import numpy as np

from genjax.core.sharding import global_array
from genjax.errors import GenjaxError


class EpochShuffle:
  """Host-side batch indices: epoch e is a permutation seeded by (seed, e); the remainder is dropped."""

  def __init__(self, num_examples: int, batch_size: int, seed: int):
    if batch_size > num_examples:
      raise GenjaxError(f'batch_size {batch_size} is larger than the {num_examples} training examples')
    self.num_examples, self.batch_size, self.seed = num_examples, batch_size, seed
    self.steps_per_epoch = num_examples // batch_size
    self._epoch, self._permutation = -1, None

  def position(self, step: int) -> tuple[int, int]:
    """(epoch, batch index within the epoch) of `step`."""
    return divmod(step, self.steps_per_epoch)

  def indices(self, step: int) -> np.ndarray:
    epoch, index = self.position(step)
    if epoch != self._epoch:
      self._epoch = epoch
      self._permutation = np.random.default_rng([self.seed, epoch]).permutation(self.num_examples)
    start = index * self.batch_size
    return self._permutation[start:start + self.batch_size].astype(np.int32)


def device_arrays(x: np.ndarray, y: np.ndarray | None, sharding: jax.sharding.Sharding,
                  mask: np.ndarray | None = None) -> dict:
  """The training arrays placed once on the devices ('y' only when labelled, 'mask' only when
  values are missing)."""
  arrays = {'x': x, 'y': y, 'mask': mask}
  return {name: global_array(array, sharding) for name, array in arrays.items() if array is not None}


def gather(arrays: dict, indices: jax.Array) -> dict:
  """The batch at `indices` (inside jit: a device-side gather, no host transfer of data)."""
  return jax.tree.map(lambda a: a[indices], arrays)
