"""`KEY=VALUE` overrides of a config, each value parsed as the type its key already has."""
import ast

import ml_collections

from genjax.errors import GenjaxError


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
