"""`genjax train|sample` end to end for every shipped config, and bad input at the command line."""
import json
import pathlib
import signal
import subprocess
import sys
import time
from typing import NamedTuple

import jax
import numpy as np
import pytest
from PIL import Image

from genjax.cli import main
from genjax.runs.directory import load_run_config as load_workdir_config
from genjax.training.trainer import Trainer
from tests.conftest import (CONFIGS, genjax_on_a_full_disk, killed_write, must_not_load, snapshot,
                            the_error_line, tiny_config, tiny_overrides, trained)

SHIPPED = sorted(p.stem for p in CONFIGS.glob('*.py'))


def tiny_args(name: str) -> list[str]:
  return [f'--config.{override}' for override in tiny_overrides(name)]


# Classifiers and translators draw no samples (tests/evaluation/test_evaluate.py and tests/tools/test_translate.py run them);
# the CIFAR-10 and CelebA benchmarks run end to end in tests/test_benchmark_configs.py, at their image sizes.
GENERATIVE = [name for name in SHIPPED if not name.startswith(('classifier_', 'cyclegan_'))
              and not name.endswith(('_cifar10', '_celeba64'))]
CLASSIFIERS = [name for name in SHIPPED if name.startswith('classifier_') and name != 'classifier_mnist']  # same code at 28x28
# Configs whose full run takes the code path of another's (same method options, other data or
# width); they are traced, not run, to keep the suite in budget. Config -> the run that covers it.
COVERED_BY = {
    'biggan_mnist': 'biggan_digits', 'cgan_mnist': 'cgan_digits', 'gan_grid25': 'gan_ring8',
    'gan_grid25_unrolled': 'gan_ring8_unrolled', 'gan_grid25_pacgan': 'gan_ring8_pacgan',
    'wgan_gp_grid25': 'wgan_gp_ring8', 'gan_stacked_mnist_unrolled': 'gan_ring8_unrolled',
    'gan_stacked_mnist_pacgan': 'gan_ring8_pacgan', 'wgan_gp_stacked_mnist': 'wgan_gp_ring8',
    'ae_mnist': 'ae_digits', 'iwae_mnist': 'iwae_digits', 'gmvae_mnist': 'gmvae_digits',
    'vampprior_mnist': 'vampprior_digits', 'vqvae_mnist': 'vqvae_digits',
    'gpvae_sequences': 'gpvae_digits_sequences', 'aae_mnist': 'aae_digits', 'aae_mnist_mixture': 'aae_digits_mixture',
    'aae_mnist_swissroll': 'aae_digits_swissroll', 'aae_mnist_semisupervised': 'aae_digits_semisupervised',
    'aae_mnist_clustering': 'aae_digits_clustering', 'bigan_mnist': 'bigan_digits', 'bigbigan_mnist': 'bigbigan_digits',
    'cogan_mnist': 'cogan_digits', 'cogan_mnist_negative': 'cogan_digits', 'cogan_digits_mnist': 'cogan_digits',
    'cyclegan_mnist_rotated': 'cyclegan_digits', 'cyclegan_digits_mnist': 'cyclegan_digits',
    'dcgan_mnist': 'dcgan_digits', 'dcgan_mnist32': 'dcgan_digits', 'vae_mnist': 'vae_digits',
    'quickstart': 'vae_digits',
    # Same trainer, sampler and CLI path as the config they point to; what differs (priors, objectives,
    # losses, packing, unary terms) is traced above and unit-tested in tests/methods and tests/losses.
    'aae_digits_mixture': 'aae_digits', 'aae_digits_swissroll': 'aae_digits', 'gmvae_digits': 'vae_digits',
    'vampprior_digits': 'vae_digits', 'iwae_digits': 'vae_digits', 'wgan_gp_ring8': 'gan_ring8',
    'gan_ring8_pacgan': 'gan_ring8', 'bigbigan_digits': 'bigan_digits',
}


@pytest.mark.parametrize('name', SHIPPED)
def test_every_config_traces_its_train_step(name, tmp_path, fake_mnist, fake_tfds):
  """Data, method and a whole train step, shapes only (jax.eval_shape: traced, not compiled)."""
  trainer = Trainer(tiny_config(name), str(tmp_path), progress=False)
  state = trainer.abstract_state
  new_state, metrics = jax.eval_shape(trainer.train_steps[1], state, trainer.resident, trainer.step_inputs(0, 1))
  assert jax.tree.map(lambda a: (a.shape, a.dtype), new_state) == jax.tree.map(lambda a: (a.shape, a.dtype), state)
  assert metrics and all(m.shape == (1,) for m in metrics.values())


@pytest.mark.parametrize('name', [name for name in GENERATIVE if name not in COVERED_BY])
def test_config_trains_and_samples_end_to_end(name, tmp_path, fake_mnist, capsys):
  workdir = str(tmp_path / 'run')
  assert main(['train', '--config', str(CONFIGS / f'{name}.py'), '--workdir', workdir,
               '--no_progress', *tiny_args(name)]) == 0
  assert (tmp_path / 'run' / 'samples' / 'step_00000004.png').is_file()
  assert main(['sample', '--workdir', workdir, '--num', '10', '--out', str(tmp_path / 's.npz'),
               '--seed', '3']) == 0
  samples = np.load(tmp_path / 's.npz', allow_pickle=False)['samples']
  config = json.loads((tmp_path / 'run' / 'config.json').read_text())
  data = config['data']
  source = data['source']
  side = data['pad_to'] or (8 if 'digits' in source.split(':') else 28)
  if source.startswith('toy:'):
    expected = (10, 2)
  elif source.startswith('sequences:'):
    expected = (10, data['sequences']['frames'], side, side, 1)
  else:
    expected = (10, side, side, 3 if source.startswith('stacked:') else 2 if source.startswith('pair:') else 1)
  assert samples.shape == expected and np.isfinite(samples).all()
  conditional = config['model'].get('conditioning', 'none') != 'none'
  assert main(['sample', '--workdir', workdir, '--num', '4', '--out', str(tmp_path / 'l.npz'),
               '--label', '3']) == (0 if conditional else 2)
  assert main(['sample', '--workdir', workdir, '--num', '10', '--out', str(tmp_path / 's.png')]) == 0  # The .npz's program.
  assert Image.open(tmp_path / 's.png').size[0] > 8


@pytest.mark.parametrize('name', CLASSIFIERS)
def test_classifier_config_trains_and_evaluates_end_to_end(name, tmp_path, fake_mnist, capsys):
  workdir = str(tmp_path / 'run')
  assert main(['train', '--config', str(CONFIGS / f'{name}.py'), '--workdir', workdir,
               '--no_progress', *tiny_args(name)]) == 0
  assert not list((tmp_path / 'run' / 'samples').iterdir())
  assert main(['eval', '--workdir', workdir]) == 0
  rows = json.loads((tmp_path / 'run' / 'eval.json').read_text())
  assert [row['metric'] for row in rows] == ['accuracy'] and 0 <= rows[0]['value'] <= 1
  capsys.readouterr()
  assert main(['sample', '--workdir', workdir, '--out', str(tmp_path / 's.png')]) == 2
  error = capsys.readouterr().err
  assert 'a Classifier run draws no samples' in error and error.count('\n') == 1


def test_sample_seed_controls_the_draw(tmp_path):
  workdir = str(tmp_path / 'run')
  main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', workdir, '--no_progress',
        *tiny_args('vae_digits')])
  draws = []
  for seed in (1, 1, 2):
    main(['sample', '--workdir', workdir, '--num', '5', '--out', str(tmp_path / 'd.npz'), '--seed', str(seed)])
    draws.append(np.load(tmp_path / 'd.npz')['samples'])
  assert np.array_equal(draws[0], draws[1]) and not np.array_equal(draws[0], draws[2])


@pytest.mark.parametrize('args, message', [
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', '--config.stepz=3'],
     "unknown config key 'stepz'"),
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', '--config.steps=x'],
     "expects int, got 'x'"),
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', '--config.data.source=idx:/nonexistent'],
     '/nonexistent'),
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', '--config.model.likelihood=poisson'],
     "likelihood 'poisson'"),
    (['train', '--config', 'configs/nope.py', '--workdir', '{tmp}'], 'does not exist'),
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', '--bogus'], 'unrecognized argument'),
    (['train', '--config', 'configs/vae_digits.py'], 'required: --workdir'),
    (['sample', '--workdir', '{tmp}', '--out', '{tmp}/x.png'], 'no config.json'),
    (['sample', '--workdir', '{tmp}', '--out', '{tmp}/x.gif'], 'must end in .png or .npz'),
    (['fly'], "invalid choice: 'fly'"),
    # Seeds out of jax's key range, empty paths, config files that are not Python.
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', f'--config.seed={2**63}'],
     f'config key seed must be an integer from 0 to 2**63 - 1 = {2**63 - 1}, got {2**63}'),
    (['sample', '--workdir', '{tmp}', '--out', '{tmp}/x.png', '--seed', str(2**64)], 'a seed must be an integer from 0'),
    (['eval', '--workdir', '{tmp}', '--seed', '-1'], 'a seed must be an integer from 0'),
    pytest.param(['eval', '--workdir', '{tmp}', '--reference', ''], 'argument --reference: an empty path',
                 id='eval-empty-reference'),
    pytest.param(['stats', '--source', 'digits', '--out', '{tmp}/s.npz'],
                 'statistics of images need features: pass --classifier', id='stats-images-without-features'),
    pytest.param(['stats', '--source', 'toy:ring8', '--out', '{tmp}/s.json'], '--out must end in .npz, got',
                 id='stats-out-not-npz'),
    pytest.param(['stats', '--source', 'toy:ring8', '--out', '{tmp}/s.npz', '--config.data.range=grey'],
                 'data.range must be one of', id='stats-bad-data-override'),
    (['latents', '--workdir', '{tmp}', '--out', '{tmp}', '--seed', 'x'], "--seed takes an integer, got 'x'"),
    (['sweep', '--config', 'configs/gan_ring8.py', '--seeds', '3', '--workdir', '{tmp}/s',
      f'--config.seed={2**63 - 2}'], f'the last seed, config.seed + 3 - 1, must be an integer from 0'),
    (['train', '--config', 'configs/vae_digits.py', '--workdir', ''], 'argument --workdir: an empty path'),
    (['sample', '--workdir', '{tmp}', '--out', ' '], 'argument --out: an empty path'),
    (['train', '--config', '{tmp}/run.yaml', '--workdir', '{tmp}/w'], 'is not a Python file (.py)'),
    # A network far beyond the machine: refused from its shapes, before anything is allocated.
    (['train', '--config', 'configs/vae_digits.py', '--workdir', '{tmp}', '--config.model.hidden=(100000000,)'],
     'the train state (parameters and optimizer state) needs'),
])
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path, capsys, monkeypatch):
  monkeypatch.chdir(CONFIGS.parent)
  (tmp_path / 'run.yaml').write_text('steps: 3\n')
  code = main([arg.replace('{tmp}', str(tmp_path)) for arg in args])
  err = capsys.readouterr().err
  assert code == 2
  assert err.startswith('genjax: error: ') and err.count('\n') == 1, err
  assert message in err
  assert not (tmp_path / 'w').exists() and not (tmp_path / 's').exists()


class Writer(NamedTuple):
  """A command that writes an --out: the run it reads (a fixture), its options, the --outs it is tried
  with (files; for latents and restore, a folder, then the file it writes there first)."""
  run: str
  options: tuple[str, ...]
  outs: tuple[str, ...]


WRITERS = {
    'sample': Writer('digits_autoencoder', ('--num', '4'), ('s.npz', 's.png')),
    'interpolate': Writer('digits_autoencoder', ('--steps', '3', '--pairs', '1'), ('paths.gif', 'paths.png')),
    'translate': Writer('digits_cyclegan', ('--num', '2'), ('translations.npz', 'translations.png')),
    'latents': Writer('digits_autoencoder', ('--num', '4'), ('pictures', 'reconstructions.png')),
    'restore': Writer('digits_autoencoder',
                      ('--task', 'inpaint', '--num', '2', '--steps', '1', '--restarts', '1'),
                      ('restored', 'restore.json')),
}
FOLDER_OUTPUTS = ('latents', 'restore')


@pytest.mark.parametrize('command', WRITERS)
@pytest.mark.parametrize('fault', ['of the other kind', 'in a file', 'in a read-only folder'])
def test_an_out_that_cannot_be_written_is_refused_in_one_line_before_any_work(
    command, fault, tmp_path, capsys, monkeypatch, make_immutable):
  folder = tmp_path / 'outputs'
  out = folder / WRITERS[command].outs[0]
  if fault == 'in a file':
    folder.write_text('a good file')
    reason = f'{folder} is a file, not a folder'
  else:
    folder.mkdir()
    if fault == 'in a read-only folder':
      make_immutable(folder)
      reason = 'Operation not permitted'
    elif command in FOLDER_OUTPUTS:
      out.write_text('a good file')
      reason = 'it is a file, not a folder'
    else:
      out.mkdir()
      reason = 'it is a folder, not a file'
  before = snapshot(tmp_path)
  monkeypatch.setattr('genjax.runs.run.load_latest', must_not_load)
  workdir = str(tmp_path / 'run')  # Not a run: it must not be read.
  assert main([command, '--workdir', workdir, *WRITERS[command].options, '--out', str(out)]) == 2
  assert capsys.readouterr().err == f'genjax: error: cannot write {out}: {reason}\n'
  assert snapshot(tmp_path) == before


@pytest.mark.parametrize('command, out', [
    (command, out) for command, writer in WRITERS.items() for out in
    (writer.outs[:1] if command in FOLDER_OUTPUTS else writer.outs)])
def test_a_write_that_fails_late_keeps_the_old_file_and_leaves_no_temporary(
    command, out, tmp_path, capsys, request, make_immutable):
  out = tmp_path / out
  target = out / WRITERS[command].outs[1] if command in FOLDER_OUTPUTS else out
  target.parent.mkdir(exist_ok=True)
  target.write_bytes(b'a good file')
  make_immutable(target)  # Its folder takes the temporary; only the rename over the old file fails.
  before = snapshot(tmp_path)
  workdir = request.getfixturevalue(WRITERS[command].run)
  assert main([command, '--workdir', workdir, *WRITERS[command].options, '--out', str(out)]) == 2
  assert capsys.readouterr().err == f'genjax: error: could not write {target}: Operation not permitted\n'
  assert snapshot(tmp_path) == before


def test_sample_to_a_full_disk_keeps_the_old_file_and_clears_a_killed_writes_temporary(digits_autoencoder,
                                                                                      tmp_path):
  out = tmp_path / 's.npz'
  out.write_bytes(b'a good file')
  killed_write(out)  # e.g. a sample of 10 million killed while it wrote, which filled the disk.
  process = genjax_on_a_full_disk('sample', '--workdir', digits_autoencoder, '--num', '64', '--out', str(out),
                                  room_kib=4)  # 16 KiB of samples: a partial temporary, then the error.
  assert process.returncode == 2
  assert the_error_line(process.stderr) == f'genjax: error: could not write {out}: File too large'
  assert snapshot(tmp_path) == {out: b'a good file'}


def test_a_run_saved_without_a_model_key_is_refused_by_name(tmp_path, capsys):
  """An older genjax wrote `g_loss` where this one reads `loss`: no silent default, a named refusal."""
  saved = json.loads(tiny_config('dcgan_digits').to_json())
  saved['model']['g_loss'] = saved['model'].pop('loss')
  (tmp_path / 'config.json').write_text(json.dumps(saved))
  for command in (['sample', '--workdir', str(tmp_path), '--out', str(tmp_path / 'x.png')],
                  ['eval', '--workdir', str(tmp_path)]):
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and 'lacks model keys this genjax reads: loss ' in err, err


def _bad_idx(folder: pathlib.Path) -> str:
  folder.mkdir()
  (folder / 't10k-images-idx3-ubyte').write_bytes(b'\x00\x00\x08\x07' + bytes(20))  # 7 dimensions
  return f'idx:{folder}'


def _npz(path: pathlib.Path, x) -> str:
  np.savez(path, x=x)
  return f'npz:{path}'


@pytest.mark.parametrize('make_source, message', [
    (lambda tmp: _bad_idx(tmp / 'idx'), 't10k-images-idx3-ubyte'),
    (lambda tmp: _npz(tmp / 'nan.npz', np.full((20, 8, 8), np.nan, np.float32)), 'NaN'),
    (lambda tmp: _npz(tmp / 'shape.npz', np.zeros((20, 8, 8, 2, 2), np.uint8)), 'shape'),
])
def test_bad_data_files_are_one_line_errors(make_source, message, tmp_path, capsys):
  source = make_source(tmp_path)
  code = main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(tmp_path / 'run'),
               f'--config.data.source={source}'])
  err = capsys.readouterr().err
  assert code == 2 and err.count('\n') == 1 and message in err, err
  assert not (tmp_path / 'run' / 'checkpoints').exists()


def test_mnist_without_any_source_names_both_ways(tmp_path, capsys, monkeypatch):
  monkeypatch.delenv('GENJAX_DATA_DIR', raising=False)
  monkeypatch.setenv('TFDS_DATA_DIR', str(tmp_path / 'tfds'))
  code = main(['train', '--config', str(CONFIGS / 'vae_mnist.py'), '--workdir', str(tmp_path / 'r')])
  err = capsys.readouterr().err
  assert code == 2 and 'GENJAX_DATA_DIR' in err and 'tfds' in err.lower() and err.count('\n') == 1


@pytest.fixture
def run_cli(spawn):
  """Starts `genjax ARGS` in a subprocess (killed if still running when the test ends)."""
  return lambda *args, **kwargs: spawn([sys.executable, '-m', 'genjax', *args], cwd=CONFIGS.parent,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_console_entry_point_exit_code(tmp_path, run_cli):
  process = run_cli('train', '--config', 'configs/vae_digits.py', '--workdir', str(tmp_path), '--config.steps=0')
  _, err = process.communicate(timeout=120)
  assert process.returncode == 2 and err.strip().count('\n') == 0 and "'steps'" in err


@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_saves_a_checkpoint_and_exits_cleanly(tmp_path, run_cli, signum):
  process = run_cli('train', '--config', 'configs/vae_digits.py', '--workdir', str(tmp_path),
                    '--config.steps=1000000', '--config.log_every=10', '--config.checkpoint_every=1000000',
                    '--config.sample_every=1000000', '--no_progress')
  metrics = tmp_path / 'metrics.jsonl'
  deadline = time.time() + 120
  while not (metrics.exists() and metrics.read_text()) and time.time() < deadline:
    time.sleep(0.2)
  process.send_signal(signum)
  out, err = process.communicate(timeout=60)
  assert process.returncode == 0, err
  assert f'{signal.Signals(signum).name} at step' in out
  saved = [int(p.name) for p in (tmp_path / 'checkpoints').iterdir() if p.name.isdigit()]
  assert len(saved) == 1 and 10 <= saved[0] < 1000000


def test_a_stop_signal_before_the_first_step_exits_cleanly_in_one_line(tmp_path, run_cli):
  """SIGTERM while the run starts (data, networks, compilation): nothing to save, exit 0 as in the loop."""
  workdir = tmp_path / 'run'
  process = run_cli('train', '--config', 'configs/vae_digits.py', '--workdir', str(workdir), '--no_progress')
  deadline = time.time() + 60
  while not workdir.exists() and time.time() < deadline:  # The handlers are installed before the workdir.
    time.sleep(0.05)
  process.send_signal(signal.SIGTERM)
  out, err = process.communicate(timeout=60)
  assert process.returncode == 0 and 'Traceback' not in err, err
  before_the_first_step = f'genjax: SIGTERM: stopped; no step had run, so {workdir}, which this run created, is removed'
  assert (before_the_first_step in out and not workdir.exists()) or 'SIGTERM at step' in out, out


def test_a_reader_that_leaves_ends_eval_quietly_with_the_sigpipe_code(tmp_path_factory, run_cli):
  """`genjax eval | head`: the pipe closes before eval's lines are written; no traceback follows."""
  process = run_cli('eval', '--workdir', trained(tmp_path_factory, 'vae_digits'), '--metrics', 'nll',
                    '--iwae_samples', '2')
  process.stdout.close()
  _, err = process.communicate(timeout=120)
  assert process.returncode == 128 + signal.SIGPIPE and err == '', err


def test_a_stop_signal_stops_eval_within_seconds_in_one_line(tmp_path_factory, run_cli):
  workdir = trained(tmp_path_factory, 'vae_digits')
  process = run_cli('eval', '--workdir', workdir, '--metrics', 'nll', '--iwae_samples', '1000000')
  time.sleep(4)  # Past the imports: computing a bound that takes minutes.
  sent = time.time()
  process.send_signal(signal.SIGINT)
  _, err = process.communicate(timeout=60)
  assert process.returncode == 128 + signal.SIGINT and time.time() - sent < 30
  assert err.strip().splitlines()[-1] == 'genjax: SIGINT: stopped before finishing' and 'Traceback' not in err, err
  assert not (pathlib.Path(workdir) / 'eval.json').exists()


def test_a_stop_signal_while_a_sweep_measures_stops_it_within_seconds(tmp_path, run_cli):
  """Training done, measuring 2 seeds x 2,000,000 samples: a SIGINT ends it at once, exit 0 as for
  training (a rerun measures again from the kept checkpoint)."""
  workdir = tmp_path / 'sweep'
  process = run_cli('sweep', '--config', 'configs/gan_ring8.py', '--seeds', '2', '--workdir', str(workdir),
                    '--no_progress', '--num_samples', '2000000', '--metrics', 'prdc',
                    *(f'--config.{override}' for override in tiny_overrides('gan_ring8')))
  final = workdir / 'checkpoints' / '4'
  deadline = time.time() + 120
  while not final.exists() and time.time() < deadline:
    time.sleep(0.1)
  time.sleep(2)  # Into the measuring.
  sent = time.time()
  process.send_signal(signal.SIGINT)
  out, err = process.communicate(timeout=60)
  assert process.returncode == 0 and time.time() - sent < 30 and 'Traceback' not in err, err
  assert 'genjax: SIGINT: stopped; the newest checkpoint is kept' in out
  assert final.is_dir() and not (workdir / 'sweep.json').exists()


def test_workdir_of_an_older_genjax_still_samples(tmp_path):
  workdir = tmp_path / 'run'
  main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(workdir), '--no_progress',
        *tiny_args('vae_digits')])
  saved = json.loads((workdir / 'config.json').read_text())
  del saved['compute_dtype'], saved['rng_impl'], saved['data']['toy_size']  # Keys a later genjax added.
  (workdir / 'config.json').write_text(json.dumps(saved))
  assert main(['sample', '--workdir', str(workdir), '--num', '3', '--out', str(tmp_path / 'x.npz')]) == 0
  restored = load_workdir_config(str(workdir))
  assert (restored.compute_dtype, restored.rng_impl, restored.data.toy_size, restored.data.source) == (
      'float32', 'threefry2x32', 100_000, 'digits')


def test_semisupervised_aae_workdir_with_model_labelled_data_still_samples(tmp_path):
  """Before the trainer handed the AAE its labelled examples, the configs copied config.data into
  model.labelled_data, and config.json holds it: such a run still loads and samples."""
  workdir = tmp_path / 'run'
  main(['train', '--config', str(CONFIGS / 'aae_digits_semisupervised.py'), '--workdir', str(workdir),
        '--no_progress', *tiny_args('aae_digits_semisupervised')])
  saved = json.loads((workdir / 'config.json').read_text())
  saved['model']['labelled_data'] = saved['data']
  (workdir / 'config.json').write_text(json.dumps(saved))
  assert load_workdir_config(str(workdir)).model.labelled_data.source == 'digits'
  assert main(['sample', '--workdir', str(workdir), '--num', '3', '--out', str(tmp_path / 'x.npz')]) == 0
  assert np.load(tmp_path / 'x.npz')['samples'].shape == (3, 8, 8, 1)


def _image_folder(folder: pathlib.Path, per_class: int) -> None:
  """Two class subfolders of `per_class` RGB PNGs, 12x10."""
  rng = np.random.default_rng(0)
  for name in ('cats', 'dogs'):
    (folder / name).mkdir(parents=True)
    for i in range(per_class):
      Image.fromarray(rng.integers(0, 256, (12, 10, 3), dtype=np.uint8)).save(folder / name / f'{i}.png')


def test_prepare_a_folder_then_train_and_sample_on_the_records(tmp_path, capsys):
  _image_folder(tmp_path / 'pets', 40)
  records = tmp_path / 'records'
  assert main(['prepare', '--source', f'folder:{tmp_path / "pets"}', '--out', str(records), '--no_progress',
               '--config.data.center_crop=10', '--config.data.resize', '8']) == 0
  assert capsys.readouterr().out == f'{records}: 80 train examples of shape (8, 8, 3) (uint8); read it as records:{records}\n'
  workdir = tmp_path / 'run'
  assert main(['train', '--config', str(CONFIGS / 'dcgan_digits.py'), '--workdir', str(workdir), '--no_progress',
               *tiny_args('dcgan_digits'), f'--config.data.source=records:{records}', '--config.data.random_flip=true']) == 0
  assert (workdir / 'samples' / 'step_00000004.png').is_file() and (workdir / 'checkpoints').is_dir()
  assert main(['sample', '--workdir', str(workdir), '--num', '5', '--out', str(tmp_path / 's.npz')]) == 0
  assert np.load(tmp_path / 's.npz')['samples'].shape == (5, 8, 8, 3)


@pytest.mark.parametrize('args, message', [
    (['--out', '{tmp}/r'], 'the following arguments are required: --source'),
    (['--source', 'digits'], 'the following arguments are required: --out'),
    (['--source', 'digits', '--out', ''], 'argument --out: an empty path'),
    (['--source', 'digits', '--out', '{tmp}/r', '--config.steps=3'], 'got --config.steps'),
    (['--source', 'digits', '--out', '{tmp}/r', '--bogus'], 'unrecognized argument --bogus'),
    (['--source', 'digits', '--out', '{tmp}/r', '--config.data.resize=big'], "'data.resize' expects int, got 'big'"),
    (['--source', 'cifar', '--out', '{tmp}/r'], "unknown data source 'cifar'"),
    (['--source', 'folder:{tmp}/none', '--out', '{tmp}/r'], 'none: no such directory'),
    (['--source', 'folder:{tmp}/pets', '--out', '{tmp}/r'], 'images of varying size; set data.center_crop'),
    (['--source', 'digits', '--out', '{tmp}/pets'], 'is not empty; prepare into a new folder'),
    (['--source', 'records:{tmp}/pets', '--out', '{tmp}/r'], 'no spec.json; make it with genjax prepare'),
])
def test_prepare_source_errors_are_one_line_and_exit_2(args, message, tmp_path, capsys):
  (tmp_path / 'pets').mkdir()
  Image.fromarray(np.zeros((4, 5), np.uint8)).save(tmp_path / 'pets' / 'a.png')
  Image.fromarray(np.zeros((6, 5), np.uint8)).save(tmp_path / 'pets' / 'b.png')
  before = snapshot(tmp_path)
  code = main(['prepare', *(arg.replace('{tmp}', str(tmp_path)) for arg in args)])
  err = capsys.readouterr().err
  assert code == 2 and err.startswith('genjax: error: ') and err.count('\n') == 1, err
  assert message in err
  assert snapshot(tmp_path) == before
