"""Reading a config file: a Python module whose `get_config()` returns an ml_collections.ConfigDict,
then `KEY=VALUE` overrides; `extend` reads a sibling config that a config file builds on."""
import importlib.util
import pathlib

import ml_collections

from genjax.config.overrides import apply_override
from genjax.errors import GenjaxError


def load_config(path: str, overrides: list[str] = ()) -> ml_collections.ConfigDict:
  """Runs `get_config()` from the file at `path`, then applies `KEY=VALUE` overrides."""
  file = pathlib.Path(path)
  if not file.is_file():
    raise GenjaxError(f'config file {path} does not exist')
  if file.suffix != '.py':
    raise GenjaxError(f'config file {path} is not a Python file (.py) defining get_config()')
  spec = importlib.util.spec_from_file_location(f'genjax_config_{file.stem}', file)
  module = importlib.util.module_from_spec(spec)
  try:
    spec.loader.exec_module(module)
    config = module.get_config()
  except Exception as e:  # A broken config file is the user's input: report it on one line.
    raise GenjaxError(f'config file {path} failed: {type(e).__name__}: {e}') from e
  if not isinstance(config, ml_collections.ConfigDict) or isinstance(config, ml_collections.FrozenConfigDict):
    raise GenjaxError(f'config file {path}: get_config() must return an ml_collections.ConfigDict '
                      f'(not {type(config).__name__}: overrides change it)')
  for override in overrides:
    apply_override(config, override)
  return config


def extend(config_file: str, sibling: str) -> ml_collections.ConfigDict:
  """The config of `sibling` (a file name) in the folder of `config_file`, for a config that
  changes a few keys of another:

    def get_config():
      config = extend(__file__, 'vae_digits.py')
      config.steps = 5000
      return config
  """
  return load_config(pathlib.Path(config_file).with_name(sibling))
