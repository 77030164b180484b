"""Options a config names by string: an unknown name is the user's error."""
from collections.abc import Mapping
from typing import TypeVar

from genjax.errors import GenjaxError

T = TypeVar('T')


def choose(field: str, name: str, options: Mapping[str, T]) -> T:
  """The option called `name` for `field`; GenjaxError naming the choices if there is none."""
  if name not in options:
    raise GenjaxError(f"{field} '{name}' is not one of {', '.join(options)}")
  return options[name]
