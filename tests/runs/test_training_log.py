"""The training log's TensorBoard writer loads without torch, even where torch is installed."""
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = '''
import pathlib, sys, tempfile
from genjax.runs.training_log import TrainingLog
log = TrainingLog(pathlib.Path(tempfile.mkdtemp()), 0)
log.write(1, {'loss': 0.5})
log.close()
assert 'torch' not in sys.modules, 'torch was imported'
import torch  # Still importable afterwards, where installed.
'''


def test_tensorboard_events_are_written_without_importing_torch():
  out = subprocess.run([sys.executable, '-c', SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
  assert out.returncode == 0, out.stderr[-2000:]
