"""What `genjax train` says: one line as it starts (fresh or resuming), a bar that leaves the compiling step
out of its rate, one summary at the end; and a run that fails before its first step leaves no workdir."""
import io

import pytest
import tqdm

from genjax.cli import main
from genjax.training.trainer import _restart_clock
from tests.conftest import CONFIGS, tiny_overrides


def _train(workdir, *args: str) -> int:
  overrides = [f'--config.{o}' for o in tiny_overrides('ae_digits')]
  return main(['train', '--config', str(CONFIGS / 'ae_digits.py'), '--workdir', str(workdir), *overrides, *args])


def test_train_says_when_it_starts_and_ends_with_the_bar_or_without(tmp_path, capsys):
  workdir = tmp_path / 'run'
  assert _train(workdir) == 0
  out, err = capsys.readouterr()
  assert out.splitlines()[0] == f'genjax: training ae on digits for 4 steps from a fresh start in {workdir}'
  assert 'compiling' in err and '4/4' in err
  assert _train(workdir, '--config.steps=6', '--no_progress') == 0
  out, err = capsys.readouterr()
  first, summary, *where = out.splitlines()
  assert first == f'genjax: resuming from step 4 of 6 (ae on digits) in {workdir}' and 'step/s' not in err
  assert summary.startswith('genjax: trained to step 6; final loss ')
  assert where == [f'  samples      {workdir}/samples', f'  checkpoints  {workdir}/checkpoints',
                   f'  metrics      {workdir}/metrics.jsonl (view: tensorboard --logdir {workdir}/tensorboard)',
                   f'  sample with  genjax sample --workdir {workdir} --num 64 --out {workdir}/sample.png']
  assert sorted(p.name for p in (workdir / 'samples').iterdir()) == ['step_00000004.png', 'step_00000006.png']


def test_the_bars_clock_starts_after_the_compiling_step():
  bar = tqdm.tqdm(total=10, initial=2, desc='compiling', file=io.StringIO())
  bar.start_t -= 100  # as if the first step took 100 s to compile
  _restart_clock(bar, 3)
  state = bar.format_dict
  assert (state['n'], state['initial'], state['prefix']) == (3, 3, '') and state['elapsed'] < 5
  bar.update(2)
  assert bar.format_dict['rate'] is None or bar.format_dict['rate'] > 2 / 5  # not 3 steps over 100 s


@pytest.mark.parametrize('existed', [False, True])
def test_a_run_that_fails_before_its_first_step_leaves_no_workdir_it_made(tmp_path, capsys, existed):
  workdir = tmp_path / 'run'
  if existed:
    workdir.mkdir()
    (workdir / 'notes.txt').write_text('mine')
  args = ['train', '--config', str(CONFIGS / 'gan_ring8_pacgan.py'), '--workdir', str(workdir), '--no_progress',
          '--config.batch_size=18']  # PacGAN4 refuses it after the workdir is made.
  assert main(args) == 2
  assert 'batch_size 18 is not divisible by model.pack 4' in capsys.readouterr().err
  assert workdir.exists() == existed and (not existed or (workdir / 'notes.txt').read_text() == 'mine')


@pytest.mark.parametrize('command, key', [('train', 'KEY'), ('sweep', 'KEY'), ('prepare', 'data.KEY'),
                                          ('stats', 'data.KEY')])
def test_help_lists_config_overrides_with_an_example(command, key, capsys):
  with pytest.raises(SystemExit) as done:
    main([command, '--help'])
  out = capsys.readouterr().out
  usage = ' '.join(out.split('\n\n')[0].split())
  assert done.value.code == 0 and usage.endswith(f'[--config.{key}=VALUE ...]')
  assert f'  --config.{key}=VALUE  set a config key' in out and 'e.g. --config.' in out
