"""A run's directory: created and checked for writing up front, locked while a run trains in it,
with the config it was run with."""
import contextlib
import fcntl
import json
import os
import pathlib
import tempfile
from collections.abc import Iterator

import ml_collections

from genjax.config import base_config, validate_common
from genjax.core.files import write_json_atomic
from genjax.core.json_shape import mismatch
from genjax.errors import GenjaxError


def prepare_workdir(workdir: str) -> pathlib.Path:
  """Creates `workdir` if needed and proves it writable, so a run never fails late on I/O."""
  path = pathlib.Path(workdir)
  try:
    path.mkdir(parents=True, exist_ok=True)
    (path / 'samples').mkdir(exist_ok=True)
    with tempfile.TemporaryFile(dir=path):
      pass
  except OSError as e:
    raise GenjaxError(f'workdir {workdir} is not writable: {e.strerror or e}') from e
  return path


@contextlib.contextmanager
def workdir_lock(path: pathlib.Path) -> Iterator[None]:
  """Holds an exclusive lock on `path`/.lock while the block runs; a second process that asks for
  it fails at once with the holder's pid. The lock is the kernel's (flock), released when its process
  ends in any way (SIGKILL included), so a killed run never leaves it stuck."""
  with open(path / '.lock', 'a+') as file:
    try:
      fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
      file.seek(0)
      holder = file.read().strip() or 'unknown'
      raise GenjaxError(f'workdir {path} is in use by another genjax process (pid {holder}); '
                        'wait for it to finish or use another --workdir') from None
    file.truncate(0)
    file.write(str(os.getpid()))
    file.flush()
    try:
      yield
    finally:
      fcntl.flock(file, fcntl.LOCK_UN)


def save_run_config(path: pathlib.Path, config: ml_collections.ConfigDict) -> None:
  write_json_atomic(path / 'config.json', json.loads(config.to_json()))


def load_run_config(workdir: str) -> ml_collections.ConfigDict:
  """The run's config, checked as strictly as a config file: common keys added to genjax since the
  run was made take their defaults, missing model keys are refused (they decide what the restored
  networks are), and every value must have its key's type."""
  file = pathlib.Path(workdir) / 'config.json'
  if not file.is_file():
    raise GenjaxError(f'{workdir} holds no config.json: is it a genjax workdir?')
  try:
    saved = json.loads(file.read_text())
  except OSError as e:
    raise GenjaxError(f'{file} is unreadable: {e.strerror or e}') from e
  except ValueError as e:  # not JSON, or not UTF-8
    raise GenjaxError(f'{file} is not valid JSON: {e}') from e
  from genjax.methods import MODEL_KEYS_ADDED_LATER, model_defaults  # pylint: disable=import-outside-toplevel  # heavy, and imports this module's users
  with _naming(file):
    problem = (mismatch(saved, {'method': ''}, complete=True)
               or mismatch(saved, base_config(saved['method']).to_dict()))
    if problem:
      raise GenjaxError(problem)
    config = base_config()
    config.update(saved)
    defaults = model_defaults(config.method)
    for key in MODEL_KEYS_ADDED_LATER.get(config.method, ()):
      if key not in config.model:
        config.model[key] = defaults[key]
    missing = sorted(set(defaults) - set(config.model))
    if missing:
      # A default the run never had would silently change it (a renamed key, say): refuse by name.
      raise GenjaxError(f'lacks model keys this genjax reads: {", ".join(missing)} '
                        '(written by an older genjax? retrain, or add them to the file)')
    validate_common(config)
  return config


@contextlib.contextmanager
def _naming(file: pathlib.Path) -> Iterator[None]:
  """A GenjaxError of the block, prefixed with the `file` it is about."""
  try:
    yield
  except GenjaxError as e:
    raise GenjaxError(f'{file}: {e}') from e
