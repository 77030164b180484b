"""Threefry on the CPU: the same bits as JAX's own lowering, large draws with no loop."""
import functools
import json
import subprocess
import sys

import jax
import jax.numpy as jnp
import pytest
from jax.extend.random import threefry_2x32

import genjax.core.rng  # noqa: F401  (installs the lowering)
from genjax.core import threefry

# Known-answer tests of Threefry-2x32-20 (Random123's kat_vectors): (key, counter) -> output.
KNOWN_ANSWERS = [
    ((0x00000000, 0x00000000), (0x00000000, 0x00000000), (0x6b200159, 0x99ba4efe)),
    ((0xffffffff, 0xffffffff), (0xffffffff, 0xffffffff), (0x1cb996fc, 0xbb002be7)),
    ((0x13198a2e, 0x03707344), (0x243f6a88, 0x85a308d3), (0xc4923a9c, 0x483df7a0)),
]

# Draws through every path a run uses (bits, split, fold_in, normal, bernoulli), small and large.
DRAWS = """
import jax, json
def draws():
  key = jax.random.key(11)
  a, b = jax.random.split(jax.random.fold_in(key, 3))
  return {'bits': jax.random.bits(a, (257,)), 'many_bits': jax.random.bits(a, (3, 6000)),
          'normal': jax.random.normal(b, (5, 3)),
          'bernoulli': jax.random.bernoulli(jax.random.fold_in(b, 9), 0.3, (64, 40)),
          'split': jax.random.key_data(jax.random.split(key, 4))}
def listed():
  return {name: value.tolist() for name, value in jax.jit(draws)().items()}
"""


@pytest.mark.parametrize('form', ['unrolled', 'rolled', 'primitive'])
@pytest.mark.parametrize('key, counter, expected', KNOWN_ANSWERS)
def test_known_answers(form, key, counter, expected):
  hash_ = {'unrolled': threefry.threefry2x32, 'rolled': functools.partial(threefry.threefry2x32, rolled=True),
           'primitive': lambda k0, k1, x0, x1: threefry_2x32(jnp.stack([k0, k1]), jnp.stack([x0, x1]))}[form]
  words = [jnp.array(word, jnp.uint32) for word in (*key, *counter)]
  assert [int(word) for word in jax.jit(hash_)(*words)] == list(expected)


def test_same_draws_as_jax_own_lowering_and_large_ones_unrolled():
  scope = {}
  exec(DRAWS, scope)
  reference = subprocess.run([sys.executable, '-c', DRAWS + 'print(json.dumps(listed()))'],
                             capture_output=True, text=True, check=True)
  assert scope['listed']() == json.loads(reference.stdout)
  program = lambda shape: jax.jit(lambda key: jax.random.bits(key, shape)).lower(jax.random.key(0)).compile().as_text()
  assert 'while' not in program((2 * threefry.UNROLL_FROM,)) and 'while' in program((8,))
