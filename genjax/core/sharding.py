"""One mesh over every device: batches split along 'data', everything else replicated."""
import jax
import numpy as np
from jax.sharding import NamedSharding, PartitionSpec


def data_mesh() -> jax.sharding.Mesh:
  return jax.make_mesh((jax.device_count(),), ('data',), axis_types=(jax.sharding.AxisType.Auto,))


def replicated(mesh: jax.sharding.Mesh) -> NamedSharding:
  return NamedSharding(mesh, PartitionSpec())


def batch_sharded(mesh: jax.sharding.Mesh, axis: int = 0) -> NamedSharding:
  """Split along `axis` (the batch axis) over 'data'; e.g. axis=1 for [steps, batch] indices."""
  return NamedSharding(mesh, PartitionSpec(*([None] * axis), 'data'))


def global_array(host_array: np.ndarray, sharding: jax.sharding.Sharding) -> jax.Array:
  """A global array from a host array every process holds whole; each device gets its slice.

  The same call works with one process or many (`jax.device_put` would not, across hosts).
  """
  return jax.make_array_from_callback(host_array.shape, sharding, lambda index: host_array[index])
