"""A run's root key, and named random streams: a stream's key depends on its name, never on how
many others exist."""
import zlib

import jax

from genjax.core import threefry

threefry.use_unrolled_on_cpu()  # The same bits as JAX's threefry; large draws as one kernel on the CPU.

# config.rng_impl: threefry2x32 (JAX's default) draws the same numbers on every backend, device
# count and sharding; rbg and unsafe_rbg (XLA's RngBitGenerator) skip threefry's hashing, and are
# as deterministic on one machine and JAX version (a resume is bit-exact), but their numbers may
# differ across backends, device counts and versions; unsafe_rbg also derives its fold_in and
# split keys more cheaply, with weaker independence guarantees. Measure the gain (README, Speed
# levers): it was small for vae_mlp on a Zen 5 CPU.
RNG_IMPLS = ('threefry2x32', 'rbg', 'unsafe_rbg')


def root_key(seed: int, impl: str = 'threefry2x32') -> jax.Array:
  """The key a run with `seed` derives all its streams from, of key implementation `impl`."""
  return jax.random.key(seed, impl=impl)


def stream(key: jax.Array, name: str) -> jax.Array:
  """The sub-key of `key` for the stream `name` (stable across code changes that add streams)."""
  return jax.random.fold_in(key, zlib.crc32(name.encode()))


def streams(key: jax.Array, *names: str) -> tuple[jax.Array, ...]:
  return tuple(stream(key, name) for name in names)

