"""The one exception type that means "the user's input is wrong", and the check every named
option a config or command line picks goes through."""
from collections.abc import Collection, Mapping
from typing import TypeVar

T = TypeVar('T')


class GenjaxError(Exception):
  """A user-facing error: the CLI prints its message on one line and exits non-zero."""


def check_choice(field: str, name: str, options: Collection[str]) -> None:
  """GenjaxError naming the choices unless `name` is one of `options`."""
  if name not in options:
    raise GenjaxError(f"{field} '{name}' is not one of {', '.join(options)}")


def choose(field: str, name: str, options: Mapping[str, T]) -> T:
  """The option called `name` for `field`; GenjaxError naming the choices if there is none."""
  check_choice(field, name, options)
  return options[name]
