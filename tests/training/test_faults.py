"""Faults provoked for real in subprocesses: SIGKILL at random moments, a second stop signal during
the final save, two runs on one workdir, a full disk during a save. Each leaves a state a restart
resumes from exactly."""
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import chex
import jax
import numpy as np
import pytest

from genjax.cli import main
from genjax.core.checkpoint import reading
from genjax.runs.latest import load_latest
from genjax.training.trainer import train
from tests.conftest import CONFIGS, tiny_config, tiny_overrides

ROOT = CONFIGS.parent
# vae_digits at its tiny size, a checkpoint at every step: most moments of the run are inside a save.
RUN = (*tiny_overrides('vae_digits'), 'steps=150', 'checkpoint_every=1', 'log_every=5', 'sample_every=1000',
       'keep_checkpoints=2')


def without_shared_cache() -> dict[str, str]:
  """The environment less the test run's compilation cache: a kill or a full disk during a cache write
  would leave a truncated entry there."""
  return {key: value for key, value in os.environ.items() if key != 'JAX_COMPILATION_CACHE_DIR'}


@pytest.fixture
def start(spawn):
  """Starts `genjax train` of vae_digits in a subprocess (killed if still running when the test ends);
  `cache` shares compiled programs between restarts."""

  def train_in_a_subprocess(workdir: pathlib.Path, *overrides: str, cache: pathlib.Path | None = None):
    env = without_shared_cache()
    if cache:
      env.update(JAX_COMPILATION_CACHE_DIR=str(cache), JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS='0',
                 JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES='0')
    args = [f'--config.{o}' for o in overrides]
    return spawn([sys.executable, '-m', 'genjax', 'train', '--config', str(CONFIGS / 'vae_digits.py'),
                  '--workdir', str(workdir), '--no_progress', *args], cwd=ROOT, env=env,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

  return train_in_a_subprocess


def complete_steps(workdir: pathlib.Path) -> list[int]:
  """The checkpoint steps on disk, finished or not (orbax writes a save under a temporary name)."""
  folder = workdir / 'checkpoints'
  return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit()) if folder.is_dir() else []


def wait_for(condition, process: subprocess.Popen, limit_s: float = 120) -> None:
  deadline = time.monotonic() + limit_s
  while not condition() and process.poll() is None:
    assert time.monotonic() < deadline, 'the run made no progress'
    time.sleep(0.02)


def test_twenty_sigkills_on_either_input_path_resume_to_the_uninterrupted_run_bit_for_bit(tmp_path, start):
  workdir, rng, kills = tmp_path / 'killed', np.random.default_rng(0), 0
  while kills < 20:
    before = (complete_steps(workdir) or [0])[-1]
    # The restarts alternate between the device and the streaming input path, which read the same batches.
    process = start(workdir, *RUN, f"data.pipeline={('device', 'stream')[kills // 2 % 2]}", cache=tmp_path / 'cache')
    if kills % 2:  # A random moment of the start: imports, data, restore, compilation.
      time.sleep(rng.uniform(0.3, 2.0))
    else:  # Past the restart, then a random moment within the next steps and their saves.
      wait_for(lambda: (complete_steps(workdir) or [0])[-1] > before, process)
      time.sleep(rng.uniform(0.0, 0.4))
    assert process.poll() is None, 'the run ended before its 20th kill: give it more steps'
    process.kill()
    process.wait()
    kills += 1
    with reading(workdir / 'checkpoints') as checkpoints:  # The latest is a complete save whose record reads.
      latest = checkpoints.latest_step()
      assert latest == complete_steps(workdir)[-1] and checkpoints.read_record(latest)['step'] == latest
  finished = start(workdir, *RUN, cache=tmp_path / 'cache')
  assert finished.wait(timeout=300) == 0, finished.stderr.read()
  _, resumed, _, step = load_latest(str(workdir))
  straight = train(tiny_config('vae_digits', *RUN[len(tiny_overrides('vae_digits')):], 'checkpoint_every=150'),
                   str(tmp_path / 'straight'), progress=False)
  assert step == 150
  chex.assert_trees_all_equal(jax.device_get(resumed.players), jax.device_get(straight.players))


def test_second_signal_during_the_final_save_exits_at_once_and_keeps_the_checkpoints(tmp_path, start):
  process = start(tmp_path, *RUN, 'steps=1000000', 'checkpoint_every=7')
  wait_for(lambda: len(complete_steps(tmp_path)) >= 2, process)
  process.send_signal(signal.SIGTERM)
  # Python runs a handler once for signals that arrive together: the second is sent once the first is
  # handled and the final save has started.
  assert any('saving a checkpoint' in line for line in process.stdout), 'the first signal went unnoticed'
  process.send_signal(signal.SIGTERM)
  assert process.wait(timeout=30) == -signal.SIGTERM
  _, state, _, step = load_latest(str(tmp_path))  # The newest complete checkpoint restores.
  assert int(state.step) == step >= 2


def test_a_second_run_on_a_locked_workdir_is_refused_until_the_first_dies(tmp_path, start, capsys):
  process = start(tmp_path, *RUN, 'steps=1000000', 'checkpoint_every=1000000')
  lock = tmp_path / '.lock'
  wait_for(lambda: lock.exists() and lock.read_text() == str(process.pid), process)
  args = ['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(tmp_path), '--no_progress',
          *(f'--config.{o}' for o in tiny_overrides('vae_digits'))]
  assert main(args) == 2
  assert f'is in use by another genjax process (pid {process.pid})' in capsys.readouterr().err
  process.kill()
  process.wait()
  assert main([*args, '--config.steps=2']) == 0  # The kernel dropped the dead process's lock.


def test_samples_and_evals_of_a_run_that_deletes_a_checkpoint_at_every_step_all_succeed(tmp_path, start, capsys):
  """Each step a new checkpoint and the one before deleted: readers hold theirs (a shared lock the
  trainer's deletion respects); unheld, most of them read a checkpoint that vanished under them."""
  process = start(tmp_path, *RUN, 'steps=1000000', 'keep_checkpoints=1')
  wait_for(lambda: complete_steps(tmp_path), process)
  workdir, out = str(tmp_path), str(tmp_path / 'x.npz')
  codes = [main(['sample', '--workdir', workdir, '--num', '4', '--out', out]) for _ in range(6)]
  evaluate = ['eval', '--workdir', workdir, '--metrics', 'nll', '--num_samples', '4', '--iwae_samples', '2']
  codes += [main(evaluate) for _ in range(2)]
  running, newest = process.poll() is None, complete_steps(tmp_path)
  process.kill()
  process.wait()
  printed = capsys.readouterr()
  assert codes == [0] * 8, printed.err
  assert running, 'the run ended while it was read'
  read = [int(step) for step in re.findall(r'wrote 4 samples of step (\d+)', printed.out)]
  assert len(read) == 6 and read[0] not in newest, (read, newest)  # the trainer deleted while they read


def test_a_full_disk_during_a_save_stops_cleanly_keeping_the_previous_checkpoint(tmp_path):
  assert main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(tmp_path), '--no_progress',
               *(f'--config.{o}' for o in (*RUN, 'steps=2'))]) == 0
  command = [sys.executable, '-m', 'genjax', 'train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir',
             str(tmp_path), '--no_progress', *(f'--config.{o}' for o in (*RUN, 'steps=6'))]
  # RLIMIT_FSIZE of 4 KiB, SIGXFSZ ignored: a write past it fails with EFBIG, as on a full disk.
  process = subprocess.run(['bash', '-c', "trap '' XFSZ; ulimit -f 4; exec \"$@\"", 'limited', *command],
                           cwd=ROOT, env=without_shared_cache(), capture_output=True, text=True, timeout=300)
  assert process.returncode == 2, process.stderr
  # The save of step 3 fails (in orbax's threads; it is found at the next save): the line names it, and
  # the threads' traces go to the run's log.
  assert re.fullmatch(r'genjax: error: could not write checkpoint 3 in \S+ \(.*File too large.*\); '
                      r'the newest complete checkpoint is step 2\n', process.stderr), process.stderr
  assert (tmp_path / 'logs' / 'libraries.log').read_text()
  _, state, _, step = load_latest(str(tmp_path))
  assert step == 2 and int(state.step) == 2
  assert main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(tmp_path), '--no_progress',
               *(f'--config.{o}' for o in (*RUN, 'steps=4'))]) == 0  # Space back: it resumes.
