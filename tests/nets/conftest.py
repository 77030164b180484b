"""Variables for tests that need values: drawn by numpy, so that XLA compiles no initializers."""
import functools
import math

import jax
import numpy as np
import pytest


@pytest.fixture
def random_variables():
  """random_variables(module, *args, **kwargs): variables with `module.init`'s structure.

  Weight matrices ~ N(0, 1/fan_in), other parameters (biases, scales, attention's γ) ~ N(0, 0.25),
  so that every path through the net is open; batch statistics and power-iteration state are 1.
  """
  def draw(rng, path, leaf):
    if path[0].key != 'params':
      return np.ones(leaf.shape, leaf.dtype)
    scale = 1 / math.sqrt(math.prod(leaf.shape[:-1])) if leaf.ndim >= 2 else 0.5
    return (scale * rng.standard_normal(leaf.shape)).astype(leaf.dtype)

  def variables(module, *args, **kwargs):
    shapes = jax.eval_shape(functools.partial(module.init, **kwargs), jax.random.key(0), *args)
    return jax.tree_util.tree_map_with_path(functools.partial(draw, np.random.default_rng(0)), shapes)

  return variables
