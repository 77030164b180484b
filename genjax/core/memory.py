"""What a state will take against what the device has, checked before anything is allocated: a
network far beyond the machine is one line, not a process that dies or hangs in its first step."""
import math
import pathlib

import jax

from genjax.errors import GenjaxError


def available_bytes(device: jax.Device) -> int | None:
  """Free memory of `device`: an accelerator's allocator limit, the host's MemAvailable for a CPU;
  None when neither is known."""
  stats = device.memory_stats() or {}
  if 'bytes_limit' in stats:
    return stats['bytes_limit'] - stats.get('bytes_in_use', 0)
  meminfo = pathlib.Path('/proc/meminfo')
  if device.platform == 'cpu' and meminfo.exists():
    for line in meminfo.read_text().splitlines():
      if line.startswith('MemAvailable:'):
        return int(line.split()[1]) * 1024
  return None


def tree_bytes(tree) -> int:
  """Bytes of the arrays (or shape-dtype structs) in `tree`."""
  return sum(math.prod(leaf.shape) * leaf.dtype.itemsize for leaf in jax.tree.leaves(tree))


def check_fits(tree, what: str, device: jax.Device | None = None) -> None:
  """Refuses `tree` (e.g. `jax.eval_shape` of a state) if it alone needs more than `device` has free."""
  device = device or jax.local_devices()[0]
  needed, free = tree_bytes(tree), available_bytes(device)
  if free is not None and needed > free:
    raise GenjaxError(f'{what} needs {needed / 2**30:,.1f} GiB, more than the {free / 2**30:,.1f} GiB free on '
                      f'{device.platform}: use a smaller network (model.* sizes) or batch')
