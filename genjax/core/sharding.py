"""One mesh over every device: batches split along 'data', everything else replicated."""
import jax
from jax.sharding import NamedSharding, PartitionSpec

from genjax.errors import GenjaxError


def data_mesh() -> jax.sharding.Mesh:
  return jax.make_mesh((jax.device_count(),), ('data',), axis_types=(jax.sharding.AxisType.Auto,))


def replicated(mesh: jax.sharding.Mesh) -> NamedSharding:
  return NamedSharding(mesh, PartitionSpec())


def batch_sharded(mesh: jax.sharding.Mesh) -> NamedSharding:
  return NamedSharding(mesh, PartitionSpec('data'))


def check_batch_size(batch_size: int, mesh: jax.sharding.Mesh) -> None:
  devices = mesh.devices.size
  if batch_size % devices:
    raise GenjaxError(f'batch_size {batch_size} is not divisible by the {devices} devices')
