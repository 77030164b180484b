"""Two processes on 127.0.0.1 (gloo CPU collectives) train as one process with the same global
batch does, on the device path and on the streaming path (where each reads only its half of each
batch), and their checkpoint resumes in a one-process run."""
import json
import socket
import subprocess
import sys

import chex
import jax
import numpy as np

from genjax.training.trainer import Trainer, train
from tests.conftest import CONFIGS, default_emitters_env, tiny_config

OVERRIDES = ('steps=4', 'batch_size=16', 'log_every=2', 'checkpoint_every=2', 'sample_every=4')

SCRIPT = '''
import sys
from genjax.training.trainer import train
from tests.conftest import tiny_config
coordinator, num, pid, workdir, *overrides = sys.argv[1:]
for pipeline in ('device', 'stream'):
  config = tiny_config('dcgan_digits', *overrides, f'data.pipeline={pipeline}', f'distributed.coordinator={coordinator}',
                       f'distributed.num_processes={num}', f'distributed.process_id={pid}')
  train(config, f'{workdir}/{pipeline}', progress=False)
'''


def free_port() -> int:
  with socket.socket() as s:
    s.bind(('127.0.0.1', 0))
    return s.getsockname()[1]


def test_two_processes_match_one_and_resume_in_one(tmp_path):
  coordinator = f'127.0.0.1:{free_port()}'
  env = default_emitters_env()  # Its processes' device and streaming paths must give the same bits.
  env.update(JAX_PLATFORMS='cpu', XLA_FLAGS=f"{env['XLA_FLAGS']} --xla_force_host_platform_device_count=1")
  processes = [subprocess.Popen([sys.executable, '-c', SCRIPT, coordinator, '2', str(pid),
                                 str(tmp_path / 'two'), *OVERRIDES],
                                cwd=CONFIGS.parent, env=env, stderr=subprocess.PIPE, text=True)
               for pid in range(2)]
  for process in processes:
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]

  one = train(tiny_config('dcgan_digits', *OVERRIDES), str(tmp_path / 'one'), progress=False)
  # The two-process checkpoints restore in this one-process run (1 device instead of 2).
  restored, streamed = (Trainer(tiny_config('dcgan_digits', *OVERRIDES), str(tmp_path / 'two' / pipeline),
                                progress=False).initial_state() for pipeline in ('device', 'stream'))
  assert int(restored.step) == 4
  chex.assert_trees_all_equal(jax.device_get(streamed), jax.device_get(restored))  # The same batches.
  # Float tolerance: the gradient all-reduce sums in another order, and Adam's update divides a
  # near-zero gradient by its own scale, so a rare weight moves by a fraction of lr (2e-4).
  chex.assert_trees_all_close(jax.device_get(restored), jax.device_get(one), rtol=1e-3, atol=1e-4)
  logged = [json.loads(line) for line in (tmp_path / 'two' / 'device' / 'metrics.jsonl').read_text().splitlines()]
  assert [line['step'] for line in logged] == [2, 4]  # Written once, by process 0.
  resumed = train(tiny_config('dcgan_digits', *OVERRIDES, 'steps=6'), str(tmp_path / 'two' / 'device'), progress=False)
  assert int(resumed.step) == 6 and all(np.isfinite(x).all() for x in jax.tree.leaves(jax.device_get(resumed)))
