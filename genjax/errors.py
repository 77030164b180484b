"""The one exception type that means "the user's input is wrong", and the checks every named
option and every seed that a config or command line picks go through."""
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


# jax.random.key takes a signed 64-bit integer; seeds are its non-negative half.
MAX_SEED = 2**63 - 1


def check_seed(seed, what: str) -> int:
  """`seed` if it is an integer in [0, MAX_SEED], else a one-line GenjaxError naming `what`."""
  if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
    raise GenjaxError(f'{what} must be an integer from 0 to 2**63 - 1 = {MAX_SEED}, got {seed!r}')
  return seed
