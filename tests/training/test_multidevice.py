"""The same config on 1 and on 8 (host CPU) devices gives the same losses, batch norm and stacked
batches (a GAN's d_steps) included."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import CONFIGS

SCRIPT = '''
import json, sys
import jax
from genjax.training.trainer import Trainer
from tests.conftest import tiny_config
config = tiny_config(sys.argv[1], 'steps=3', 'batch_size=32', 'log_every=1', 'checkpoint_every=100',
                     'sample_every=100', *sys.argv[3:])
trainer = Trainer(config, sys.argv[2], progress=False)
trainer.run()
lines = [json.loads(l) for l in open(sys.argv[2] + '/metrics.jsonl')]
print(json.dumps({'devices': jax.device_count(), 'metrics': lines}))
'''


def run_on(devices: int, name: str, workdir, overrides: tuple[str, ...]) -> dict:
  env = dict(os.environ, XLA_FLAGS=f"{os.environ.get('XLA_FLAGS', '')} --xla_force_host_platform_device_count={devices}",
             JAX_PLATFORMS='cpu')
  out = subprocess.run([sys.executable, '-c', SCRIPT, name, str(workdir), *overrides], env=env,
                       cwd=CONFIGS.parent, capture_output=True, text=True, timeout=300)
  assert out.returncode == 0, out.stderr[-2000:]
  return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize('name, overrides', [('dcgan_digits', ()), ('vae_digits', ()),
                                             ('gan_ring8', ('model.d_steps=2',))])
def test_eight_devices_match_one(name, overrides, tmp_path):
  one, eight = run_on(1, name, tmp_path / 'one', overrides), run_on(8, name, tmp_path / 'eight', overrides)
  assert (one['devices'], eight['devices']) == (1, 8)
  for a, b in zip(one['metrics'], eight['metrics'], strict=True):
    assert a.keys() == b.keys()
    for key in a:
      np.testing.assert_allclose(a[key], b[key], rtol=2e-4, atol=2e-5, err_msg=f'{key} at step {a["step"]}')
