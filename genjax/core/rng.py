"""Named random streams: a stream's key depends on its name, never on how many others exist."""
import zlib

import jax


def stream(key: jax.Array, name: str) -> jax.Array:
  """The sub-key of `key` for the stream `name` (stable across code changes that add streams)."""
  return jax.random.fold_in(key, zlib.crc32(name.encode()))


def streams(key: jax.Array, *names: str) -> tuple[jax.Array, ...]:
  return tuple(stream(key, name) for name in names)

