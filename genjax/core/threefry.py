"""JAX's default random bits, Threefry-2x32, computed on the CPU as one fused kernel.

Threefry-2x32 with 20 rounds (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3",
Sec. 3) hashes counters under a key. JAX lowers it on the CPU as a loop over five blocks of four
rounds, which compiles faster, and XLA:CPU copies the carried arrays on each iteration of that
loop. Unrolled, the 20 rounds fuse into one elementwise kernel that computes the same integers:
every key, stream, batch, checkpoint and resume is unchanged, and only the CPU program differs.
`use_unrolled_on_cpu()` registers the unrolled form for JAX's threefry primitive on the CPU where
it hashes at least `UNROLL_FROM` counters (binarizing a batch of 128 MNIST images hashes 100,352);
smaller hashes, the keys' derivations among them, keep the loop, whose program compiles faster.
"""
import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax.extend.random import threefry2x32_p
from jax.interpreters import mlir

UNROLL_FROM = 8192  # counters hashed by one call (one per random 32-bit word drawn)

_ROTATIONS = np.array([[13, 15, 26, 6], [17, 29, 16, 24]], np.uint32)  # of rounds 0-3, then 4-7
_KEY_PARITY = np.uint32(0x1BD11BDA)  # Skein's key-schedule constant, 32-bit: the third key word


def _block(x0: jax.Array, x1: jax.Array, rotations, add0: jax.Array, add1: jax.Array):
  """Four rounds (x0, x1) -> (x0 + x1, rotl(x1, R) ^ (x0 + x1)), then the key words added."""
  for bits in rotations:
    x0 = x0 + x1
    x1 = ((x1 << bits) | (x1 >> (np.uint32(32) - bits))) ^ x0
  return x0 + add0, x1 + add1


def threefry2x32(k0: jax.Array, k1: jax.Array, x0: jax.Array, x1: jax.Array, *,
                 rolled: bool = False) -> tuple[jax.Array, jax.Array]:
  """The two uint32 words of Threefry-2x32-20 of counters (x0, x1) under key (k0, k1), elementwise:
  five blocks of four rounds, block b followed by words b + 1 and b + 2 (mod 3) of the extended
  key (k0, k1, k0 ^ k1 ^ 0x1BD11BDA), the second plus b + 1. `rolled`: the blocks as a loop."""
  keys = (k0, k1, k0 ^ k1 ^ _KEY_PARITY)
  x0, x1 = x0 + keys[0], x1 + keys[1]
  if not rolled:
    for b in range(5):
      x0, x1 = _block(x0, x1, _ROTATIONS[b % 2], keys[(b + 1) % 3], keys[(b + 2) % 3] + np.uint32(b + 1))
    return x0, x1

  def block(b, carry):
    x0, x1, keys, rotations = carry
    x0, x1 = _block(x0, x1, rotations[0], keys[1], keys[2] + (b + 1).astype(np.uint32))
    return x0, x1, (keys[1], keys[2], keys[0]), rotations[::-1]

  x0, x1, _, _ = jax.lax.fori_loop(0, 5, block, (x0, x1, keys, jnp.asarray(_ROTATIONS)))
  return x0, x1


_UNROLLED, _ROLLED = (mlir.lower_fun(functools.partial(threefry2x32, rolled=rolled), multiple_results=True)
                      for rolled in (False, True))


def _lowering(ctx, *words):
  counters = math.prod(ctx.avals_in[2].shape)
  return (_UNROLLED if counters >= UNROLL_FROM else _ROLLED)(ctx, *words)


def use_unrolled_on_cpu() -> None:
  """From now on, JAX's threefry primitive on the CPU hashes `UNROLL_FROM` or more counters unrolled."""
  mlir.register_lowering(threefry2x32_p, _lowering, platform='cpu')
