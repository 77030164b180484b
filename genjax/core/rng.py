"""Named random streams: a stream's key depends on its name, never on how many others exist."""
import zlib

import jax

from genjax.errors import GenjaxError

# jax.random.key takes a signed 64-bit integer; seeds are its non-negative half.
MAX_SEED = 2**63 - 1


def stream(key: jax.Array, name: str) -> jax.Array:
  """The sub-key of `key` for the stream `name` (stable across code changes that add streams)."""
  return jax.random.fold_in(key, zlib.crc32(name.encode()))


def streams(key: jax.Array, *names: str) -> tuple[jax.Array, ...]:
  return tuple(stream(key, name) for name in names)


def check_seed(seed, what: str) -> int:
  """`seed` if it is an integer in [0, MAX_SEED], else a one-line GenjaxError naming `what`."""
  if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
    raise GenjaxError(f'{what} must be an integer from 0 to 2**63 - 1 = {MAX_SEED}, got {seed!r}')
  return seed
