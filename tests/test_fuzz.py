"""Bad input, widened (hypothesis): random config overrides and random command lines give a valid
run or a one-line error with exit status 2, never a traceback; crafted pickles are never executed."""
import pathlib
import pickle
import shutil

import hypothesis
import hypothesis.strategies as st
import jax
import numpy as np
import pytest

from genjax.cli import main
from genjax.config import load_config
from genjax.errors import GenjaxError
from genjax.training.trainer import Trainer
from tests.conftest import CONFIGS, TINY, trained

def config_values() -> dict:
  """Every key of the vae_digits config and its value, but distributed.* (those wait for other
  hosts, by design)."""
  def walk(node, prefix):
    for key, value in node.items():
      path = f'{prefix}{key}'
      yield from walk(value, f'{path}.') if hasattr(value, 'items') else [(path, value)]
  return {k: v for k, v in walk(load_config(CONFIGS / 'vae_digits.py'), '') if not k.startswith('distributed.')}


CONFIG = config_values()
ANY_TEXT = st.one_of(
    st.integers(-10**12, 10**12).map(str), st.sampled_from(['0', '-1', "''", '()', '(0,)', 'None']),
    st.floats(allow_nan=True, allow_infinity=True).map(repr), st.booleans().map(str),
    st.text(st.characters(codec='ascii', exclude_characters='\n\r'), max_size=10))


def value_text(current) -> st.SearchStrategy[str]:
  """Mostly values of the key's own type, in and far out of range; sometimes anything."""
  if isinstance(current, bool):
    typed = st.booleans().map(str)
  elif isinstance(current, int):
    typed = st.one_of(st.integers(-3, 40), st.sampled_from([0, -1, 10**6, 10**12])).map(str)
  elif isinstance(current, float):
    typed = st.one_of(st.floats(-10.0, 10.0), st.sampled_from([0.0, 1e6, float('nan'), float('inf')])).map(repr)
  elif isinstance(current, tuple):
    typed = st.lists(st.integers(-3, 300), max_size=3).map(lambda v: str(tuple(v)))
  else:
    typed = st.sampled_from(['mlp', 'conv', 'bernoulli', 'gaussian', 'iwae', 'mixture', 'digits', 'toy:ring8', ''])
  return st.one_of(typed, typed, typed, ANY_TEXT)


OVERRIDES = st.lists(st.one_of(
    st.sampled_from(sorted(CONFIG)).flatmap(lambda key: value_text(CONFIG[key]).map(lambda text: f'{key}={text}')),
    st.sampled_from(['stepz=1', 'model.nope=2', 'data=3', 'steps'])), min_size=1, max_size=3)


def one_line(error: GenjaxError) -> bool:
  return bool(str(error)) and '\n' not in str(error)


@hypothesis.given(OVERRIDES)
@hypothesis.settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_random_overrides_build_a_run_or_fail_in_one_line(tmp_path, overrides):
  """Config, data, method and one traced train step (shapes only, so absurd sizes cost nothing)."""
  tiny = [f'{key}={value}' for key, value in TINY.items() if key in ('steps', 'batch_size')] + ['model.hidden=(32,)']
  try:
    config = load_config(CONFIGS / 'vae_digits.py', tiny + overrides)
    trainer = Trainer(config, str(tmp_path / 'run'), progress=False)
    state = trainer.abstract_state
    jax.eval_shape(trainer.train_steps[1], state, trainer.resident, trainer.step_inputs(0, 1))
    hypothesis.event('a valid run')
  except GenjaxError as error:
    hypothesis.event('a one-line error')
    assert one_line(error), str(error)


@pytest.fixture(scope='module')
def vae_run(tmp_path_factory) -> str:
  return trained(tmp_path_factory, 'vae_digits')


SMALL = st.one_of(st.integers(-2, 12).map(str), st.sampled_from(['', 'x', '1.5', '1e9', '-0']))
FLAGS = ('--num', '--seed', '--steps', '--restarts', '--pairs', '--factor', '--fraction', '--label',
         '--metrics', '--mask', '--mode', '--task', '--bogus')
COMMANDS = {'sample': '.png', 'interpolate': '.gif', 'restore': '', 'latents': '', 'translate': '.npz',
            'eval': None}


@hypothesis.given(st.sampled_from(sorted(COMMANDS)), st.lists(st.tuples(st.sampled_from(FLAGS), SMALL), max_size=3),
                  st.booleans())
@hypothesis.settings(max_examples=15, derandomize=True, deadline=None, suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_random_command_lines_run_or_fail_in_one_line(vae_run, tmp_path, capsys, command, flags, missing_folder):
  out = tmp_path / ('missing' if missing_folder else '.') / f'out{COMMANDS[command] or ""}'
  argv = [command, '--workdir', vae_run, *(['--out', str(out)] if COMMANDS[command] is not None else [])]
  argv += [item for flag, value in flags for item in (flag, value)]
  if command == 'eval':
    argv += ['--num_samples', '50', '--iwae_samples', '2']
  if command == 'restore' and '--task' not in argv:
    argv += ['--task', 'inpaint']
  capsys.readouterr()
  status = main(argv)
  err = capsys.readouterr().err
  assert status in (0, 2)
  if status == 2:
    assert err.startswith('genjax: error: ') and err.count('\n') == 1, err


class _Planted:
  """Unpickling this runs `open(marker, 'w')`: the proof a file was unpickled."""

  def __init__(self, marker: pathlib.Path):
    self.marker = str(marker)

  def __reduce__(self):
    return open, (self.marker, 'w')


def test_crafted_pickles_in_a_workdir_and_data_are_never_executed(vae_run, tmp_path, capsys):
  """genjax reads checkpoints through orbax/tensorstore and arrays with allow_pickle=False: a pickle
  planted as every file of the newest checkpoint, or as a data set, fails to load and runs nothing."""
  marker = tmp_path / 'executed'
  payload = pickle.dumps(_Planted(marker))
  workdir = tmp_path / 'run'
  shutil.copytree(vae_run, workdir)
  (workdir / 'state.pkl').write_bytes(payload)
  latest = max(int(p.name) for p in (workdir / 'checkpoints').iterdir() if p.name.isdigit())
  for file in (workdir / 'checkpoints' / str(latest)).rglob('*'):
    if file.is_file():
      file.write_bytes(payload)
  assert main(['sample', '--workdir', str(workdir), '--num', '2', '--out', str(tmp_path / 's.png')]) == 2
  np.savez(tmp_path / 'objects.npz', x=np.array([_Planted(marker)] * 4, dtype=object))
  np.save(tmp_path / 'objects.npy', np.array([_Planted(marker)] * 4, dtype=object))
  for data in ('objects.npz', 'objects.npy'):
    assert main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(tmp_path / 'w'),
                 f'--config.data.source=npz:{tmp_path / data}', '--config.steps=1']) == 2
  assert capsys.readouterr().err.count('genjax: error:') == 3
  assert not marker.exists()
