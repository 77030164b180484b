"""`genjax sweep`: S seeds in one program are S separate runs; sweep.json; resume; the command."""
import contextlib
import dataclasses
import io
import json
import pathlib

import chex
import jax
import numpy as np
import pytest

from genjax.cli import main
from genjax.errors import GenjaxError
from genjax.evaluation import evaluate
from genjax.training.sweep import run_sweep
from genjax.training.sweep_trainer import Sweep
from genjax.training.trainer import train
from tests.conftest import CONFIGS, tiny_config, tiny_overrides


def logged(workdir) -> list[tuple[int, int]]:
  lines = (workdir / 'metrics.jsonl').read_text().splitlines()
  return [(line['step'], line['seed']) for line in map(json.loads, lines)]


def sweep_args(name: str, workdir, *args: str) -> list[str]:
  overrides = [f'--config.{override}' for override in tiny_overrides(name)]
  return ['sweep', '--config', str(CONFIGS / f'{name}.py'), '--workdir', str(workdir), '--no_progress',
          *args, *overrides]


@pytest.mark.parametrize('name, extra, metrics', [
    ('gan_ring8', ('model.d_steps=2', 'steps_per_dispatch=3'), ('modes', 'parzen')),  # 2 batches a step
    ('quickstart', (), ('nll',)),
])
def test_sweep_of_seeds_equals_separate_runs(tmp_path, name, extra, metrics):
  def config(seed: int):
    return tiny_config(name, 'steps=6', 'checkpoint_every=6', 'sample_every=6', f'seed={seed}', *extra)

  options = evaluate.Options(metrics, num_samples=300, iwae_samples=8)
  swept = Sweep(config(3), str(tmp_path / 'sweep'), 2, progress=False).run()
  result = run_sweep(config(3), str(tmp_path / 'sweep'), 2, progress=False, options=options)  # Measures only.
  assert int(swept.step) == 6 and result['seeds'] == [3, 4]
  for i, seed in enumerate(result['seeds']):
    single = train(config(seed), str(tmp_path / str(seed)), progress=False)
    # vmap batches the nets' matrix products, which may sum in another order: close, not equal.
    chex.assert_trees_all_close(jax.device_get(jax.tree.map(lambda a: a[i], swept.players)),
                                jax.device_get(single.players), rtol=1e-5, atol=1e-6)
  # Seed 4 is measured as `genjax eval --seed 4` measures its own run.
  rows = evaluate.evaluate(str(tmp_path / '4'), dataclasses.replace(options, seed=4))
  assert [row['metric'] for row in rows] == list(result['metrics'][1])
  np.testing.assert_allclose([row['value'] for row in rows], list(result['metrics'][1].values()), rtol=1e-4)


SWEPT = ('--seeds', '2', '--num_samples', '200', '--config.seed=3')


def table_lines(printed: str) -> list[str]:
  """The lines of the table a sweep prints; the trainer's start line and summary ('genjax: ...', then
  indented lines) left out."""
  return [line for line in printed.splitlines() if not line.startswith(('genjax: ', '  '))]


@pytest.fixture(scope='module')
def swept(tmp_path_factory) -> tuple[pathlib.Path, str]:
  """The workdir of `genjax sweep` of gan_ring8's seeds 3 and 4, and what the command printed."""
  workdir, printed = tmp_path_factory.mktemp('sweep'), io.StringIO()
  with contextlib.redirect_stdout(printed):
    assert main(sweep_args('gan_ring8', workdir, *SWEPT)) == 0
  return workdir, printed.getvalue()


def test_command_writes_sweep_json_with_a_row_per_seed(swept):
  workdir, printed = swept
  names = {'modes', 'high_quality', 'reverse_kl', 'precision', 'recall', 'density', 'coverage', 'parzen'}
  result = json.loads((workdir / 'sweep.json').read_text())
  assert result['seeds'] == [3, 4] and result['step'] == 4 and result['config']['seed'] == 3
  assert [set(row) for row in result['metrics']] == [names, names]
  assert set(result['mean']) == set(result['std']) == names
  parzen = [row['parzen'] for row in result['metrics']]
  assert parzen[0] != parzen[1]
  np.testing.assert_allclose(result['mean']['parzen'], np.mean(parzen))
  np.testing.assert_allclose(result['std']['parzen'], np.std(parzen, ddof=1))
  assert [line.split()[0] for line in table_lines(printed)] == ['seed', '3', '4', 'mean']
  assert all((workdir / 'samples' / f'seed_{seed}.png').is_file() for seed in (3, 4))
  assert logged(workdir) == [(2, 3), (2, 4), (4, 3), (4, 4)]


def test_a_rerun_that_cannot_replace_sweep_json_prints_the_table_and_keeps_the_file(swept, capsys,
                                                                                   make_immutable):
  workdir, printed = swept
  target = workdir / 'sweep.json'
  before = target.read_bytes()
  make_immutable(target)  # The workdir takes the temporary; only the rename over the old file fails.
  # Trained already: it measures the seeds again (only Parzen, of fewer samples, to be quick).
  assert main(sweep_args('gan_ring8', workdir, *SWEPT, '--metrics', 'parzen', '--num_samples', '50')) == 2
  out, err = capsys.readouterr()
  assert [line.split() for line in table_lines(out)][0] == ['seed', 'parzen']
  assert [line.split()[0] for line in table_lines(out)] == [line.split()[0] for line in table_lines(printed)]
  assert err == f'genjax: error: could not write {target}: Operation not permitted\n'
  assert target.read_bytes() == before and not list(workdir.rglob('*.tmp'))


def test_resumed_sweep_equals_an_uninterrupted_one(tmp_path):
  steps = ('steps=8', 'checkpoint_every=2', 'log_every=2')
  straight = Sweep(tiny_config('quickstart', *steps), str(tmp_path / 'straight'), 2, progress=False).run()
  Sweep(tiny_config('quickstart', *steps, 'steps=4'), str(tmp_path / 'resumed'), 2, progress=False).run()
  resumed = Sweep(tiny_config('quickstart', *steps), str(tmp_path / 'resumed'), 2, progress=False).run()
  assert int(resumed.step) == 8
  chex.assert_trees_all_equal(jax.device_get(straight), jax.device_get(resumed))
  assert logged(tmp_path / 'resumed') == [(step, seed) for step in (2, 4, 6, 8) for seed in (0, 1)]
  with pytest.raises(GenjaxError, match=r'seeds: checkpoint \[0, 1\] vs config \[0, 1, 2\]') as error:
    Sweep(tiny_config('quickstart', *steps), str(tmp_path / 'resumed'), 3, progress=False).initial_state()
  assert '\n' not in str(error.value)


@pytest.mark.parametrize('name, args, message', [
    ('gan_ring8', ['--seeds', '0'], 'number of seeds must be at least 1, got 0'),
    ('gan_ring8', ['--seeds', '2', '--metrics', 'bleu'], 'unknown metric'),
    ('classifier_digits', ['--seeds', '2'], "method 'classifier' draws none"),
])
def test_bad_sweeps_are_one_line_errors_before_training(tmp_path, capsys, name, args, message):
  assert main(sweep_args(name, tmp_path, *args)) == 2
  err = capsys.readouterr().err
  assert message in err and err.count('\n') == 1
  assert not (tmp_path / 'metrics.jsonl').exists()


def test_a_sweep_refused_before_training_leaves_no_workdir_it_made(tmp_path, capsys):
  workdir = tmp_path / 'new'
  assert main(sweep_args('gan_ring8', workdir, '--seeds', '2', '--metrics', 'bleu')) == 2
  assert 'unknown metric' in capsys.readouterr().err and not workdir.exists()


@pytest.mark.parametrize('fault', ['sweep.json is a folder', 'a read-only workdir'])
def test_a_sweep_that_could_not_write_is_refused_before_training(fault, tmp_path, capsys, make_immutable):
  if fault == 'sweep.json is a folder':
    (tmp_path / 'sweep.json').mkdir()
    error = f'cannot write {tmp_path / "sweep.json"}: it is a folder, not a file'
  else:
    make_immutable(tmp_path)
    error = f'workdir {tmp_path} is not writable: Operation not permitted'
  assert main(sweep_args('gan_ring8', tmp_path, '--seeds', '2')) == 2
  assert capsys.readouterr().err == f'genjax: error: {error}\n'
  assert not (tmp_path / 'metrics.jsonl').exists() and not list(tmp_path.rglob('*.tmp'))
