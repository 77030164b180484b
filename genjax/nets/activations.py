"""Activations the nets share, named so that a config can pick one."""
from collections.abc import Callable
import functools

import flax.linen as nn
import jax

from genjax.errors import choose

# Radford et al. 2016 (DCGAN): LeakyReLU with slope 0.2 in the discriminator.
leaky_relu = functools.partial(nn.leaky_relu, negative_slope=0.2)

HIDDEN_ACTIVATIONS: dict[str, Callable[[jax.Array], jax.Array]] = {
    'leaky_relu': leaky_relu,
    'relu': nn.relu,
    'tanh': nn.tanh,  # Burda et al. 2016's MLPs.
}

_OUTPUT_ACTIVATIONS: dict[str, Callable[[jax.Array], jax.Array]] = {
    'none': lambda x: x,
    'tanh': nn.tanh,
}


def output_activation(name: str) -> Callable[[jax.Array], jax.Array]:
  """The generator output activation called `name`: 'none' or 'tanh'."""
  if name not in _OUTPUT_ACTIVATIONS:
    raise ValueError(
        f'Unknown output activation {name!r}; expected one of {sorted(_OUTPUT_ACTIVATIONS)}.')
  return _OUTPUT_ACTIVATIONS[name]


def hidden_activation(name: str) -> Callable[[jax.Array], jax.Array]:
  """The hidden-layer activation called `name`: 'leaky_relu' (slope 0.2), 'relu' or 'tanh'."""
  return choose('activation', name, HIDDEN_ACTIVATIONS)
