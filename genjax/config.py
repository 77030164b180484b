"""Experiment configs: the common keys every config shares, loading a config file, overrides.

A config file is a Python module with `get_config() -> ml_collections.ConfigDict`, built on
`base_config()` so that the common keys are the same everywhere.
"""
import ast
import importlib.util
import pathlib

import ml_collections

from genjax.core import distributed
from genjax.errors import GenjaxError


def base_config() -> ml_collections.ConfigDict:
  """The keys every experiment has; a config file fills in `method`, `model` and `optim`."""
  return ml_collections.ConfigDict({
      'method': '',
      'seed': 0,
      'steps': 1000,
      'batch_size': 64,
      'log_every': 100,
      'checkpoint_every': 1000,
      'sample_every': 1000,
      'keep_checkpoints': 3,
      'num_grid_samples': 64,
      # Training steps fused into one dispatch with lax.scan (measure: it pays for small nets).
      'steps_per_dispatch': 1,
      # Compute dtype of the nets: 'float32', or 'bfloat16' (parameters and optimizer stay fp32).
      'compute_dtype': 'float32',
      # Divergence guard: a step with a non-finite loss or state is skipped inside the jitted step;
      # this many consecutive skips stop the run (checked at log steps). 0: skip, never stop.
      'max_consecutive_skips': 10,
      # Test hook: steps whose batch is all NaN, to provoke the guard.
      'nan_batches_at': (),
      'data': {
          'source': '',
          # Images: 'unit' scales pixels to [0, 1], 'signed' to [-1, 1]. Ignored for points.
          'range': 'unit',
          # Per batch, with the step's key: x ~ Bernoulli(x) (needs range 'unit').
          'binarize': False,
          # Per batch: uniform noise of one quantization level (Theis et al. 2016).
          'dequantize': False,
          # Images: resize to side x side (0 keeps the size), then zero-pad to pad_to (0: none).
          'resize': 0,
          'pad_to': 0,
          # Fraction of a source without its own test split held out, deterministically.
          'test_fraction': 0.1,
          # Points drawn for a toy source's training set.
          'toy_size': 100_000,
      },
      'model': {},
      'optim': {},
      'distributed': distributed.config(),
  })


def load_config(path: str, overrides: list[str] = ()) -> ml_collections.ConfigDict:
  """Runs `get_config()` from the file at `path`, then applies `KEY=VALUE` overrides."""
  file = pathlib.Path(path)
  if not file.is_file():
    raise GenjaxError(f'config file {path} does not exist')
  spec = importlib.util.spec_from_file_location(f'genjax_config_{file.stem}', file)
  module = importlib.util.module_from_spec(spec)
  try:
    spec.loader.exec_module(module)
    config = module.get_config()
  except Exception as e:  # A broken config file is the user's input: report it on one line.
    raise GenjaxError(f'config file {path} failed: {type(e).__name__}: {e}') from e
  if not isinstance(config, ml_collections.ConfigDict):
    raise GenjaxError(f'config file {path}: get_config() must return an ml_collections.ConfigDict')
  for override in overrides:
    apply_override(config, override)
  return config


def apply_override(config: ml_collections.ConfigDict, override: str) -> None:
  """Sets `a.b.c=VALUE`, parsing VALUE as the type the key already has."""
  path, sep, text = override.partition('=')
  if not sep:
    raise GenjaxError(f"config override '{override}' must look like KEY=VALUE")
  node, names = config, path.split('.')
  for depth, name in enumerate(names):
    if not isinstance(node, ml_collections.ConfigDict) or name not in node:
      where = '.'.join(names[:depth]) or 'the top level'
      known = ', '.join(sorted(node.keys())) if isinstance(node, ml_collections.ConfigDict) else 'none'
      raise GenjaxError(f"unknown config key '{path}' (keys at {where}: {known})")
    parent, node = node, node[name]
  if isinstance(node, ml_collections.ConfigDict):
    raise GenjaxError(f"config key '{path}' is a group: set one of its keys ({', '.join(sorted(node.keys()))})")
  parent[names[-1]] = _parse_like(node, text, path)


def _parse_like(current, text: str, path: str):
  """Parses `text` into the type of `current`, or raises a one-line GenjaxError."""
  expected = type(current).__name__
  try:
    if isinstance(current, bool):
      lowered = text.lower()
      if lowered not in ('true', 'false', '1', '0', 'yes', 'no'):
        raise ValueError
      return lowered in ('true', '1', 'yes')
    if isinstance(current, int):
      return int(text)
    if isinstance(current, float):
      return float(text)
    if isinstance(current, str):
      return text
    if isinstance(current, (tuple, list)):
      value = ast.literal_eval(text)
      value = (value,) if not isinstance(value, (tuple, list)) else value
      if current and not all(isinstance(v, type(current[0])) or
                             (isinstance(current[0], float) and type(v) is int) for v in value):
        raise ValueError
      return type(current)(value)
    if current is None:
      return _literal_or_string(text)
  except (ValueError, SyntaxError):
    pass
  raise GenjaxError(f"config key '{path}' expects {expected}, got '{text}'")


def _literal_or_string(text: str):
  try:
    return ast.literal_eval(text)
  except (ValueError, SyntaxError):
    return text


_POSITIVE_INTS = ('steps', 'batch_size', 'log_every', 'checkpoint_every', 'sample_every',
                  'keep_checkpoints', 'num_grid_samples', 'steps_per_dispatch')
COMPUTE_DTYPES = ('float32', 'bfloat16')


def validate_common(config: ml_collections.ConfigDict) -> None:
  """Checks the keys every config shares, so a bad value fails before any work starts."""
  for key in _POSITIVE_INTS:
    value = config.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
      raise GenjaxError(f'config key {key!r} must be a positive integer, got {value!r}')
  for key in ('seed', 'max_consecutive_skips'):
    value = config.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
      raise GenjaxError(f'config key {key} must be a non-negative integer, got {value!r}')
  if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in config.nan_batches_at):
    raise GenjaxError(f'config key nan_batches_at must hold step numbers >= 0, got {config.nan_batches_at!r}')
  if not config.data.source:
    raise GenjaxError('config key data.source is empty')
  if config.compute_dtype not in COMPUTE_DTYPES:
    raise GenjaxError(f"config key compute_dtype must be one of {', '.join(COMPUTE_DTYPES)}, "
                      f'got {config.compute_dtype!r}')
