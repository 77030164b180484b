"""Shared fixtures: tiny configs from configs/, tiny trained runs, a fake MNIST folder, fake TFDS
CIFAR-10 and CelebA sets, a fresh workdir; the faults a write can meet (an immutable path, a full
disk, a killed writer) and what a user then sees."""
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile

import jax
import numpy as np
import pytest
from PIL import Image

from genjax.config import load_config
from genjax.data.idx import write_idx

CONFIGS = pathlib.Path(__file__).resolve().parents[1] / 'configs'
ROOT = CONFIGS.parent

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


# XLA:CPU's classic emitters: the suite compiles with them for speed (pytest_configure).
CLASSIC_EMITTERS = '--xla_cpu_use_fusion_emitters=false'


def default_emitters_env() -> dict[str, str]:
  """The environment with XLA:CPU's default fusion emitters, a user's: for tests that two different
  programs (the device and the streaming input path, one process and two) train the same bits, as
  they do for a user. With the classic emitters such programs may round differently (dcgan_digits'
  two input paths then differ in the last bits); each program alone stays deterministic."""
  flags = os.environ.get('XLA_FLAGS', '').replace(CLASSIC_EMITTERS, '').split()
  return dict(os.environ, XLA_FLAGS=' '.join(flags))


def train_with_default_emitters(name: str, workdir: pathlib.Path, *overrides: str):
  """The final state of `genjax train` of the shipped config `name` with TINY and `overrides` (KEY=VALUE),
  run in a subprocess with `default_emitters_env()`; it resumes from `workdir`'s checkpoints as any run."""
  from genjax.runs.latest import load_latest  # pylint: disable=import-outside-toplevel
  args = [f'--config.{o}' for o in (*tiny_overrides(name), *overrides)]
  run = subprocess.run([sys.executable, '-m', 'genjax', 'train', '--config', str(CONFIGS / f'{name}.py'),
                        '--workdir', str(workdir), '--no_progress', *args],
                       cwd=ROOT, env=default_emitters_env(), capture_output=True, text=True)
  assert run.returncode == 0, run.stderr[-3000:]
  return load_latest(str(workdir))[1]


def pytest_configure(config):
  """One persistent compilation cache per test run, shared by the xdist workers and the subprocesses
  the tests start: many tests compile the same tiny programs (728 s -> 552 s for the suite on 2 cores)."""
  if not hasattr(config, 'workerinput') and 'JAX_COMPILATION_CACHE_DIR' not in os.environ:
    cache = tempfile.mkdtemp(prefix='genjax-tests-jax-cache-')
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))
    os.environ['JAX_COMPILATION_CACHE_DIR'] = cache  # Inherited by the workers, started after this.
  os.environ.setdefault('JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS', '0.2')
  # Compiling dominates the suite's tiny programs. LLVM at -O0, and XLA:CPU's classic elemental emitters
  # in place of its MLIR fusion emitters, compile them 2-3x faster (`scripts/compile_time.py` on the train
  # steps of TINY configs, -O0 alone vs both: dcgan_digits 4.3 s -> 1.5 s, biggan_digits 11.0 s -> 6.4 s).
  # Neither changes semantics (no fast-math either way); the workers and the subprocesses the tests
  # start inherit them.
  for flag in ('--xla_backend_optimization_level=0', CLASSIC_EMITTERS):
    if flag.split('=')[0] not in os.environ.get('XLA_FLAGS', ''):
      os.environ['XLA_FLAGS'] = f"{os.environ.get('XLA_FLAGS', '')} {flag}".strip()
  jax.config.update('jax_compilation_cache_dir', os.environ['JAX_COMPILATION_CACHE_DIR'])
  jax.config.update('jax_persistent_cache_min_compile_time_secs',
                    float(os.environ['JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS']))


# Collected first: with two xdist workers a long test collected last leaves the other worker idle.
LONGEST_FIRST = ('tests/training/test_faults.py', 'tests/training/test_multihost.py', 'tests/tools/test_translate.py',
                 'tests/test_cli.py::test_config_trains_and_samples_end_to_end[biggan_digits]',
                 'tests/test_benchmark_configs.py::test_benchmark_config_trains_samples_and_evaluates[biggan_cifar10]')


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


@pytest.fixture(scope='session')
def digits_autoencoder(tmp_path_factory) -> str:
  """A tiny ae_digits run (it samples, encodes and decodes), trained once per test process."""
  return trained(tmp_path_factory, 'ae_digits')


@pytest.fixture(scope='session')
def digits_cyclegan(tmp_path_factory) -> str:
  """A tiny cyclegan_digits run (it translates digits and their negatives), trained once per test process."""
  return trained(tmp_path_factory, 'cyclegan_digits')


@pytest.fixture
def spawn():
  """subprocess.Popen for a test; a process still running when the test ends (it failed) is killed."""
  started = []

  def popen(*args, **kwargs) -> subprocess.Popen:
    started.append(subprocess.Popen(*args, **kwargs))
    return started[-1]

  yield popen
  for process in started:
    if process.poll() is None:
      process.kill()
      process.wait()


def must_not_load(workdir: str):
  """A stand-in for loading a run, where a command must refuse before any work."""
  raise AssertionError(f'{workdir} was loaded: the command should have refused before any work')


@pytest.fixture
def make_immutable():
  """Makes paths immutable (chattr +i) until the test ends: no process, root's included, may then
  create, replace or remove files in such a folder, or replace or change such a file (a chmod does not
  stop root, who runs these tests here). Skips the test where chattr, its capability or the file
  system's support is missing."""
  chattr, made = shutil.which('chattr'), []

  def make(path: pathlib.Path) -> None:
    if not chattr or subprocess.run([chattr, '+i', str(path)], capture_output=True).returncode:
      pytest.skip('needs chattr +i: root (CAP_LINUX_IMMUTABLE) on a file system with the attribute')
    made.append(path)

  yield make
  for path in made:
    subprocess.run([chattr, '-i', str(path)], check=True)


_KILLED_WRITE = """import os, signal, sys
from genjax.core.files import atomic_write
with atomic_write(sys.argv[1]) as tmp:
  tmp.write_bytes(b'half of it')
  os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_write(path: pathlib.Path) -> pathlib.Path:
  """The temporary that a write of `path`, SIGKILLed midway, leaves beside it."""
  before = set(path.parent.iterdir())
  writer = subprocess.run([sys.executable, '-c', _KILLED_WRITE, str(path)], cwd=ROOT)
  assert writer.returncode == -signal.SIGKILL
  [temporary] = set(path.parent.iterdir()) - before
  return temporary


def genjax_on_a_full_disk(*args: str, room_kib: int = 0) -> subprocess.CompletedProcess:
  """`genjax ARGS` in a process whose writes to a file fail past its first `room_kib` KiB: RLIMIT_FSIZE
  with SIGXFSZ ignored, so such a write fails with EFBIG ('File too large'), as one to a full disk fails
  with ENOSPC. Without the test run's compilation cache: a failed write would leave a truncated entry."""
  env = {key: value for key, value in os.environ.items() if key != 'JAX_COMPILATION_CACHE_DIR'}
  limited = f"trap '' XFSZ; ulimit -f {room_kib}; exec \"$@\""
  return subprocess.run(['bash', '-c', limited, 'full-disk', sys.executable, '-m', 'genjax', *args], cwd=ROOT,
                        env=env, capture_output=True, text=True, timeout=300)


def the_error_line(stderr: str) -> str:
  """The one line of a subprocess's `stderr` that starts 'genjax: error:', after checking that there is
  one and no traceback (libraries may print warnings around it)."""
  errors = [line for line in stderr.splitlines() if line.startswith('genjax: error:')]
  assert len(errors) == 1 and 'Traceback' not in stderr, stderr
  return errors[0]


def snapshot(folder: pathlib.Path) -> dict[pathlib.Path, bytes | None]:
  """Every path under `folder` and the bytes of each file (None for a folder): what a failed command
  must leave as it found it."""
  return {path: None if path.is_dir() else path.read_bytes() for path in folder.rglob('*')}


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


# Split sizes of the fake TFDS sets: the catalog's cifar10 and celeb_a with few examples.
FAKE_TFDS_SPLITS = {'cifar10': {'train': 64, 'test': 16}, 'celeb_a': {'train': 24, 'validation': 4, 'test': 8}}


def _blank(feature):
  """A zero value of a TFDS feature: dicts of them for a FeaturesDict, '' for Text."""
  import tensorflow_datasets as tfds  # pylint: disable=import-outside-toplevel  # slow to import
  if isinstance(feature, tfds.features.FeaturesDict):
    return {key: _blank(value) for key, value in feature.items()}
  return '' if isinstance(feature, tfds.features.Text) else np.zeros(feature.shape, feature.np_dtype)


def fake_catalog_builder(name: str, splits: dict[str, int]):
  """The TFDS catalog's builder `name` (its features, version and file layout: what genjax finds in
  TFDS_DATA_DIR) writing `splits` {split: size} of random images, labels i mod the classes where it
  has labels, and zeros in its other features, instead of the real download. Images go in as PIL
  images, which TFDS encodes (PNG, JPEG) with PIL: preparing needs no TensorFlow."""
  import tensorflow_datasets as tfds  # pylint: disable=import-outside-toplevel

  class Fake(tfds.builder_cls(name), skip_registration=True):
    code_path = None  # no checksums file to look up: nothing is downloaded

    def _split_generators(self, dl_manager):
      return {split: self._generate_examples(split, size) for split, size in splits.items()}

    def _generate_examples(self, split, size):  # pylint: disable=arguments-differ
      features = self.info.features
      rng = np.random.default_rng(list(splits).index(split))
      for i in range(size):
        example = _blank(features)
        example['image'] = Image.fromarray(rng.integers(0, 256, features['image'].shape, np.uint8))
        if 'label' in features:
          example['label'] = i % features['label'].num_classes
        yield i, example

  Fake.name = name
  return Fake


@pytest.fixture(scope='session')
def fake_tfds_root(tmp_path_factory) -> pathlib.Path:
  """A TFDS_DATA_DIR holding `cifar10` and `celeb_a` prepared as array_record (FAKE_TFDS_SPLITS)."""
  folder = tmp_path_factory.mktemp('tfds')
  for name, splits in FAKE_TFDS_SPLITS.items():
    fake_catalog_builder(name, splits)(data_dir=folder, file_format='array_record').download_and_prepare()
  return folder


@pytest.fixture
def fake_tfds(fake_tfds_root, monkeypatch) -> pathlib.Path:
  monkeypatch.setenv('TFDS_DATA_DIR', str(fake_tfds_root))
  return fake_tfds_root
