"""A run's directory is input too: config.json, a checkpoint's record and metrics.jsonl, damaged or
edited, are one `genjax: error:` line naming the file and the problem, never a traceback."""
import json
import pathlib
import re
import shutil

import pytest

from genjax.cli import main
from genjax.methods import MODEL_KEYS_ADDED_LATER
from tests.conftest import CONFIGS, tiny_overrides, trained


@pytest.fixture(scope='module')
def run(tmp_path_factory) -> pathlib.Path:
  """A tiny vae_digits run: checkpoints 2 and 4."""
  return pathlib.Path(trained(tmp_path_factory, 'vae_digits'))


def copy_of(run: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
  return pathlib.Path(shutil.copytree(run, tmp_path / 'run'))


def readers(workdir: pathlib.Path) -> list[list[str]]:
  return [['sample', '--workdir', str(workdir), '--num', '4', '--out', str(workdir / 'x.npz')],
          ['eval', '--workdir', str(workdir), '--metrics', 'nll', '--num_samples', '4', '--iwae_samples', '2']]


def resume(workdir: pathlib.Path) -> list[str]:
  return ['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(workdir), '--no_progress',
          *(f'--config.{o}' for o in tiny_overrides('vae_digits')), '--config.steps=6']


def one_error_line(command: list[str], capsys) -> str:
  assert main(command) == 2
  err = capsys.readouterr().err
  assert err.startswith('genjax: error: ') and err.count('\n') == 1, err
  return err


DELETE = object()


def edited(value, path: str, new):
  """`value` with the entry at the dotted `path` set to `new`, or deleted if `new` is DELETE (an empty
  `path`: `new` instead of `value`)."""
  if not path:
    return new
  *parents, last = path.split('.')
  node = value
  for name in parents:
    node = node[name]
  if new is DELETE:
    del node[last]
  else:
    node[last] = new
  return value


@pytest.mark.parametrize('path, new, message', [
    ('', None, 'the top level must be an object, got null'),
    ('', [1, 2], 'the top level must be an object, got [1, 2]'),
    ('method', DELETE, 'the top level has no method'),
    ('method', 'nope', "method 'nope' is not one of"),
    ('steps', 'x', 'steps must be an integer, got "x"'),
    ('data', 5, 'data must be an object, got 5'),
    ('data.source', None, 'data.source must be a string, got null'),
    ('model.hidden', [32.5], 'model.hidden[0] must be an integer, got 32.5'),
    ('model.latent_dim', True, 'model.latent_dim must be an integer, got true'),
    ('optim.vae.learning_rate', '1e-3', 'optim.vae.learning_rate must be a number, got "1e-3"'),
    ('batch_size', 0, "config key 'batch_size' must be a positive integer, got 0"),
])
def test_a_bad_config_json_is_one_line_naming_it(run, tmp_path, capsys, path, new, message):
  workdir = copy_of(run, tmp_path)
  file = workdir / 'config.json'
  file.write_text(json.dumps(edited(json.loads(file.read_text()), path, new)))
  for command in readers(workdir):
    assert f'genjax: error: {file}: {message}' in one_error_line(command, capsys)


def test_a_config_json_that_is_no_json_is_one_line(run, tmp_path, capsys):
  workdir = copy_of(run, tmp_path)
  for text in (b'{"steps": ', b'\xff\xfe'):
    (workdir / 'config.json').write_bytes(text)
    for command in readers(workdir):
      assert f'{workdir / "config.json"} is not valid JSON' in one_error_line(command, capsys)


def test_train_resumes_over_a_bad_config_json_and_rewrites_it(run, tmp_path):
  """train takes its config from --config, and checks the checkpoint against it."""
  workdir = copy_of(run, tmp_path)
  (workdir / 'config.json').write_text('null')
  assert main(resume(workdir)) == 0
  assert json.loads((workdir / 'config.json').read_text())['steps'] == 6


@pytest.mark.parametrize('path, new, problem', [
    ('', None, 'the top level must be an object, got null'),
    ('data_spec', DELETE, 'the top level has no data_spec'),
    ('data_spec.shape', 5, 'data_spec.shape must be an array, got 5'),
    ('data_spec.num_classes', '10', 'data_spec.num_classes must be an integer, got "10"'),
    ('root_key', 3, 'root_key must be an array, got 3'),
])
def test_a_malformed_checkpoint_record_is_one_line_naming_the_folder_to_delete(run, tmp_path, capsys, path, new,
                                                                               problem):
  workdir = copy_of(run, tmp_path)
  file = workdir / 'checkpoints' / '4' / 'record' / 'metadata'
  file.write_text(json.dumps(edited(json.loads(file.read_text()), path, new)))
  expected = (f'genjax: error: checkpoint 4 has a malformed record ({problem}); delete '
              f'{(workdir / "checkpoints" / "4").absolute()} to use an earlier one\n')
  for command in (*readers(workdir), resume(workdir)):
    assert one_error_line(command, capsys) == expected


@pytest.mark.parametrize('lines, message', [
    ('{"step": 2}\nnull\n{"step": 4}\n', 'line 2: the top level must be an object, got null'),
    ('{"step": 2}\n{"loss": 1.0}\n', 'line 2: the top level has no step'),
    ('{"step": "2"}\n', 'line 1: step must be an integer, got "2"'),
    ('{"step": 2}\n{"step\n{"step": 4}\n', 'line 2 is not JSON'),
])
def test_a_bad_metrics_jsonl_line_stops_a_resume_naming_it(run, tmp_path, capsys, lines, message):
  workdir = copy_of(run, tmp_path)
  (workdir / 'metrics.jsonl').write_text(lines)
  err = one_error_line(resume(workdir), capsys)
  assert re.match(rf'genjax: error: {re.escape(str(workdir / "metrics.jsonl"))} {re.escape(message)}.*; '
                  'fix or delete that line$', err), err


def test_a_metrics_line_a_crash_cut_short_is_dropped(run, tmp_path):
  workdir = copy_of(run, tmp_path)
  (workdir / 'metrics.jsonl').write_text('{"step": 2, "loss": 1.0}\n{"step": 4, "lo')
  assert main(resume(workdir)) == 0
  assert [json.loads(line)['step'] for line in (workdir / 'metrics.jsonl').read_text().splitlines()] == [2, 6]


def test_a_gan_run_saved_before_the_resnet_keys_still_samples(tmp_path_factory, tmp_path):
  workdir = pathlib.Path(trained(tmp_path_factory, 'gan_ring8'))
  config = json.loads((workdir / 'config.json').read_text())
  for key in MODEL_KEYS_ADDED_LATER['gan']:
    del config['model'][key]
  (workdir / 'config.json').write_text(json.dumps(config))
  assert main(['sample', '--workdir', str(workdir), '--num', '4', '--out', str(tmp_path / 'x.npz')]) == 0
  del config['model']['g_hidden']  # A key older runs had: still refused by name.
  (workdir / 'config.json').write_text(json.dumps(config))
  assert main(['sample', '--workdir', str(workdir), '--num', '4', '--out', str(tmp_path / 'y.npz')]) == 2
