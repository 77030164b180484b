"""What genjax reads back from a run's directory (config.json, a checkpoint's record, metrics.jsonl)
checked as strictly as user input: a JSON value against an example of its shape."""
import json
from collections.abc import Mapping
from typing import Any


def mismatch(value: Any, like: Any, complete: bool = False, path: str = '') -> str | None:
  """What keeps the JSON `value` from the shape of the example `like`, as 'PATH must be ..., got ...';
  None if it fits.

  A mapping `like` wants an object whose entries it names are like its own (other entries are free;
  missing ones are refused only when `complete`); a list or tuple, an array of elements like its
  first (any elements when it is empty); bool, int, str their own type, float any number; None anything.
  """
  where = path or 'the top level'
  if isinstance(like, Mapping):
    if not isinstance(value, dict):
      return f'{where} must be an object, got {_shown(value)}'
    missing = [key for key in like if key not in value] if complete else []
    if missing:
      return f'{where} has no {", ".join(missing)}'
    problems = (mismatch(value[key], like[key], complete, f'{path}.{key}' if path else key)
                for key in like if key in value)
    return next((problem for problem in problems if problem), None)
  if isinstance(like, (list, tuple)):
    if not isinstance(value, list):
      return f'{where} must be an array, got {_shown(value)}'
    problems = (mismatch(element, like[0], complete, f'{where}[{i}]') for i, element in enumerate(value)
                if like)
    return next((problem for problem in problems if problem), None)
  if like is None or _fits(value, like):
    return None
  return f'{where} must be {_KINDS.get(type(like), type(like).__name__)}, got {_shown(value)}'


_KINDS = {bool: 'true or false', int: 'an integer', float: 'a number', str: 'a string'}


def _fits(value: Any, like: Any) -> bool:
  if isinstance(like, bool) or isinstance(value, bool):
    return isinstance(value, bool) and isinstance(like, bool)
  return isinstance(value, (int, float) if isinstance(like, float) else type(like))


def _shown(value: Any) -> str:
  text = json.dumps(value)
  return text if len(text) <= 60 else f'{text[:57]}...'
