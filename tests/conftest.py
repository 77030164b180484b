"""Shared fixtures: tiny configs from configs/, tiny trained runs, a fake MNIST folder, a fresh workdir."""
import os
import pathlib
import shutil
import tempfile

import jax
import numpy as np
import pytest

from genjax.config import load_config
from genjax.data.idx import write_idx

CONFIGS = pathlib.Path(__file__).resolve().parents[1] / 'configs'

# Overrides that shrink any shipped config to seconds; applied where the config has the key.
TINY = {
    'steps': '4', 'batch_size': '16', 'log_every': '2', 'sample_every': '4', 'checkpoint_every': '2',
    'num_grid_samples': '16', 'data.toy_size': '500',
    'model.hidden': '(32,)', 'model.g_hidden': '(32, 32)', 'model.d_hidden': '(32,)',
    'model.e_hidden': '(32,)', 'model.z_hidden': '(32,)', 'model.joint_hidden': '(32,)',
    'model.residual_blocks': '1',
    # One D update per step: d_steps > 1 is tested on its own and only multiplies compile time here.
    'model.d_steps': '1',
}


def pytest_configure(config):
  """One persistent compilation cache per test run, shared by the xdist workers and the subprocesses
  the tests start: many tests compile the same tiny programs (728 s -> 552 s for the suite on 2 cores)."""
  if not hasattr(config, 'workerinput') and 'JAX_COMPILATION_CACHE_DIR' not in os.environ:
    cache = tempfile.mkdtemp(prefix='genjax-tests-jax-cache-')
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))
    os.environ['JAX_COMPILATION_CACHE_DIR'] = cache  # Inherited by the workers, started after this.
  os.environ.setdefault('JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS', '0.2')
  jax.config.update('jax_compilation_cache_dir', os.environ['JAX_COMPILATION_CACHE_DIR'])
  jax.config.update('jax_persistent_cache_min_compile_time_secs',
                    float(os.environ['JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS']))


# Collected first: with two xdist workers a long test collected last leaves the other worker idle.
LONGEST_FIRST = ('tests/training/test_faults.py', 'tests/training/test_multihost.py', 'tests/tools/test_translate.py',
                 'tests/test_cli.py::test_config_trains_and_samples_end_to_end[biggan_digits]')


def pytest_collection_modifyitems(items):
  items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))  # stable: the rest keep their order


def tiny_overrides(name: str) -> list[str]:
  """The TINY overrides (KEY=VALUE) that apply to the shipped config `name`."""
  config = load_config(CONFIGS / f'{name}.py')
  return [f'{key}={value}' for key, value in TINY.items() if _has(config, key)]


def tiny_config(name: str, *overrides: str):
  """The shipped config `name`, shrunk by TINY, then `overrides` (KEY=VALUE) applied."""
  return load_config(CONFIGS / f'{name}.py', tiny_overrides(name) + list(overrides))


def trained(tmp_path_factory, name: str, *extra: str) -> str:
  """The workdir of the shipped config `name` trained with TINY and `extra` (KEY=VALUE) overrides."""
  from genjax.cli import main  # pylint: disable=import-outside-toplevel
  workdir = str(tmp_path_factory.mktemp(name))
  args = [f'--config.{o}' for o in (*tiny_overrides(name), *extra)]
  assert main(['train', '--config', str(CONFIGS / f'{name}.py'), '--workdir', workdir, '--no_progress', *args]) == 0
  return workdir


@pytest.fixture(scope='session')
def digits_classifier(tmp_path_factory) -> str:
  """A classifier_digits run of 30 steps, trained once per test process."""
  return trained(tmp_path_factory, 'classifier_digits', 'steps=30')


def _has(config, dotted: str) -> bool:
  node = config
  for name in dotted.split('.'):
    if name not in node:
      return False
    node = node[name]
  return True


@pytest.fixture(scope='session')
def fake_mnist_root(tmp_path_factory) -> pathlib.Path:
  """A GENJAX_DATA_DIR whose mnist/ holds 300 random 28x28 'test set' images, like ../shared/data."""
  root = tmp_path_factory.mktemp('data')
  (root / 'mnist').mkdir()
  rng = np.random.default_rng(0)
  write_idx(root / 'mnist' / 't10k-images-idx3-ubyte.gz', rng.integers(0, 256, (300, 28, 28), dtype=np.uint8))
  write_idx(root / 'mnist' / 't10k-labels-idx1-ubyte.gz', rng.integers(0, 10, (300,), dtype=np.uint8))
  return root


@pytest.fixture
def fake_mnist(fake_mnist_root, monkeypatch) -> pathlib.Path:
  monkeypatch.setenv('GENJAX_DATA_DIR', str(fake_mnist_root))
  return fake_mnist_root
