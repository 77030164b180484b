"""Sizes checked against the device's free memory before anything is allocated."""
import jax
import jax.numpy as jnp
import pytest

from genjax.core.memory import available_bytes, check_fits, tree_bytes
from genjax.errors import GenjaxError


def test_tree_bytes_counts_every_leaf():
  tree = {'a': jax.ShapeDtypeStruct((3, 4), jnp.float32), 'b': [jnp.zeros(5, jnp.int8)]}
  assert tree_bytes(tree) == 3 * 4 * 4 + 5


def test_the_host_has_free_memory_to_report():
  free = available_bytes(jax.local_devices()[0])
  assert free is not None and 0 < free


def test_a_state_beyond_the_machine_is_one_line_and_a_small_one_passes():
  device = jax.local_devices()[0]
  huge = {'w': jax.ShapeDtypeStruct((available_bytes(device) // 4 + 2**20,), jnp.float32)}
  with pytest.raises(GenjaxError, match=r'the state needs [\d,.]+ GiB, more than the [\d,.]+ GiB free on cpu') as error:
    check_fits(huge, 'the state', device)
  assert '\n' not in str(error.value)
  check_fits({'w': jax.ShapeDtypeStruct((1000,), jnp.float32)}, 'the state', device)
