"""The configs shipped in the repository's configs/ folder, by name, and `get_config`: a shipped
config or a config file, with overrides given as Python values or as the command line's strings."""
import difflib
import pathlib

import ml_collections

from genjax.config.loading import load_config
from genjax.errors import GenjaxError

CONFIGS = pathlib.Path(__file__).resolve().parents[2] / 'configs'


def shipped_names() -> list[str]:
  """The names of the shipped configs (configs/NAME.py), sorted."""
  return sorted(path.stem for path in CONFIGS.glob('*.py') if not path.stem.startswith('_'))


def config_path(name_or_path: str) -> pathlib.Path:
  """The file of a shipped config `name_or_path` ('dcgan_mnist'), or `name_or_path` itself where it
  names a file (a path, or ends in .py); a one-line GenjaxError listing close names otherwise."""
  path = pathlib.Path(name_or_path)
  if path.suffix == '.py' or len(path.parts) > 1 or path.is_file():
    return path
  if (CONFIGS / f'{name_or_path}.py').is_file():
    return CONFIGS / f'{name_or_path}.py'
  names = shipped_names()
  close = difflib.get_close_matches(name_or_path, names, n=5, cutoff=0.5)
  hint = f'close names: {", ".join(close)}' if close else f'shipped configs: {", ".join(names)}'
  raise GenjaxError(f"no shipped config '{name_or_path}' in {CONFIGS} ({hint})")


def config_file(name_or_path: str, overrides: list[str] = ()) -> ml_collections.ConfigDict:
  """The config of a shipped name or a file (`config_path`) with `KEY=VALUE` overrides: what `--config`
  and `--config.KEY=VALUE` give."""
  return load_config(str(config_path(name_or_path)), overrides)


def get_config(name_or_path: str, **overrides) -> ml_collections.ConfigDict:
  """A shipped config by name, or the config file at a path, with `overrides` applied as
  `--config.KEY=VALUE` applies them (the same checks and messages).

  Values may be Python values or the command line's strings; dotted keys go through a dict:

    config = genjax.get_config('dcgan_digits', steps=200, **{'model.d_steps': 2, 'data.binarize': 'true'})
  """
  return config_file(name_or_path, [f'{key}={override_text(value)}' for key, value in overrides.items()])


def override_text(value) -> str:
  """A Python value as the command line writes it (`--config.KEY=TEXT`)."""
  if isinstance(value, str):
    return value
  if isinstance(value, bool):
    return 'true' if value else 'false'
  return repr(tuple(value) if isinstance(value, list) else value)
