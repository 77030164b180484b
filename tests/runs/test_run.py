"""`import genjax`: the Python API (get_config, train, load, Run) agrees with the command line."""
import dataclasses
import json
import pathlib
import shutil
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import genjax
from genjax.cli import main
from genjax.config import load_config
from genjax.metrics import psnr
from genjax.runs.latest import draw_samples, jit_sample
from tests.conftest import CONFIGS, ROOT, tiny_config, trained


@pytest.fixture(scope='module')
def run(digits_autoencoder) -> genjax.Run:
  return genjax.load(digits_autoencoder)


def test_importing_genjax_loads_no_jax():
  code = 'import sys, genjax; print("jax" in sys.modules, sorted(genjax.__all__))'
  out = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
  assert out.split(' ', 1) == ['False', "['GenjaxError', 'Run', 'get_config', 'load', 'sweep', 'train']\n"]


def test_get_config_by_name_with_python_and_command_line_overrides():
  config = genjax.get_config('dcgan_digits', steps=7, **{'model.d_steps': '2', 'data.binarize': True,
                                                         'optim.generator.learning_rate': 1e-3})
  assert (config.steps, config.model.d_steps, config.data.binarize) == (7, 2, True)
  assert config.optim.generator.learning_rate == 1e-3
  assert config.to_dict() == load_config(CONFIGS / 'dcgan_digits.py', [
      'steps=7', 'model.d_steps=2', 'data.binarize=true', 'optim.generator.learning_rate=0.001']).to_dict()
  assert genjax.get_config(str(CONFIGS / 'gan_ring8.py'), **{'model.g_hidden': [8, 8]}).model.g_hidden == (8, 8)


@pytest.mark.parametrize('name, overrides, message', [
    ('dcgan_mnst', {}, "no shipped config 'dcgan_mnst' in"),
    ('dcgan_digits', {'stepz': 3}, "unknown config key 'stepz' (keys at the top level: batch_size,"),
    ('dcgan_digits', {'steps': 'many'}, "config key 'steps' expects int, got 'many'")])
def test_get_config_refusals_are_the_command_lines(name, overrides, message):
  with pytest.raises(genjax.GenjaxError) as error:
    genjax.get_config(name, **overrides)
  assert message in str(error.value) and '\n' not in str(error.value)
  if not overrides:
    assert 'close names: dcgan_mnist' in str(error.value)


def test_a_run_samples_what_genjax_sample_writes(run, tmp_path):
  assert (run.step, run.config.method, run.spec.shape) == (4, 'ae', (8, 8, 1))
  assert main(['sample', '--workdir', run.workdir, '--num', '10', '--seed', '3', '--out', str(tmp_path / 's.npz')]) == 0
  samples = run.sample(10, seed=3)
  assert samples.shape == (10, 8, 8, 1)
  np.testing.assert_array_equal(samples, np.load(tmp_path / 's.npz')['samples'])
  with pytest.raises(genjax.GenjaxError, match='^this model is unconditional: it samples no class label$'):
    run.sample(4, label=0)
  with pytest.raises(dataclasses.FrozenInstanceError):
    run.step = 5


def test_encode_and_decode_compile_once(run):
  x = run.dataset.test_x[:6]
  codes = run.encode(x)
  assert codes.shape == (6, run.config.model.latent_dim)
  images = run.decode(codes)
  assert images.shape == x.shape and isinstance(images, np.ndarray)
  np.testing.assert_allclose(run.decode(run.encode(x)), images)
  assert run.jitted('encode') is run.jitted('encode') and run.jitted('encode')._cache_size() == 1


def test_missing_capabilities_are_one_line_errors(run):
  with pytest.raises(genjax.GenjaxError, match=r'an? (AE|Autoencoder)\w* run has no class prediction'):
    run.classify(run.dataset.test_x[:2])
  with pytest.raises(genjax.GenjaxError, match='needs a conditional GAN'):
    run.decode(np.zeros((2, run.config.model.latent_dim)), label=1)


def test_labels_share_one_sampling_program():
  class Labelled:
    def sample(self, state, key, num, label=None):
      del key
      return jnp.full((num, 1), label, jnp.float32) + state

  method = Labelled()
  sample = jit_sample(method)
  draws = [draw_samples(method, 0.5, jax.random.key(0), 3, label, sample) for label in range(4)]
  assert [float(d[0, 0]) for d in draws] == [0.5, 1.5, 2.5, 3.5]
  assert sample._cache_size() == 1


def test_metrics_is_the_log_and_a_corrupt_log_is_the_trainers_error(run, tmp_path):
  lines = (pathlib.Path(run.workdir) / 'metrics.jsonl').read_text().splitlines()
  assert run.metrics() == [json.loads(line) for line in lines] and [m['step'] for m in run.metrics()] == [2, 4]
  (tmp_path / 'metrics.jsonl').write_text('{"step": 2}\nnot json\n')
  with pytest.raises(genjax.GenjaxError, match=r'metrics.jsonl line 2 is not JSON .*; fix or delete that line$'):
    dataclasses.replace(run, workdir=str(tmp_path)).metrics()


def test_evaluate_writes_eval_json_and_returns_its_rows(digits_autoencoder, tmp_path):
  workdir = shutil.copytree(digits_autoencoder, tmp_path / 'run')
  rows = genjax.load(workdir).evaluate(metrics=('parzen',), num_samples=40, seed=1)
  written = json.loads((workdir / 'eval.json').read_text())
  assert list(rows) == ['parzen'] and [rows['parzen']] == written
  assert (written[0]['seed'], written[0]['num_samples'], written[0]['step']) == (1, 40, 4)


def test_tools_return_arrays_and_write_the_commands_files(run, tmp_path):
  images = run.interpolate('linear', steps=3, pairs=2, encode=True, out=str(tmp_path / 'api.png'))
  assert images.shape == (6, 8, 8, 1)
  assert main(['interpolate', '--workdir', run.workdir, '--out', str(tmp_path / 'cli.png'), '--mode', 'linear',
               '--steps', '3', '--pairs', '2', '--encode']) == 0
  assert (tmp_path / 'api.png').read_bytes() == (tmp_path / 'cli.png').read_bytes()
  restored = run.restore('inpaint', num=3, steps=2, restarts=1)
  images = restored.pop('images')
  assert images['restored'].shape == images['truth'].shape == images['observation'].shape == (3, 8, 8, 1)
  assert restored['task'] == 'inpaint' and isinstance(restored['observation_mse'], float)
  assert restored['restored']['image']['psnr'] == pytest.approx(
      float(psnr(images['restored'], images['truth'], run.spec.value_range).mean()), rel=1e-5)
  assert sorted(p.name for p in tmp_path.iterdir()) == ['api.png', 'cli.png']  # No out: nothing written.


def test_train_returns_the_run(tmp_path):
  run = genjax.train(tiny_config('ae_digits'), tmp_path / 'run', progress=False)
  assert isinstance(run, genjax.Run) and run.step == 4 and run.workdir == str(tmp_path / 'run')
  assert run.sample(2).shape == (2, 8, 8, 1)


def test_sweep_checks_its_metrics_before_training(tmp_path):
  with pytest.raises(genjax.GenjaxError, match='^unknown metric'):
    genjax.sweep(tiny_config('gan_ring8'), tmp_path / 'seeds', seeds=2, metrics=('bleu',), progress=False)
  assert not (tmp_path / 'seeds').exists()


@pytest.fixture(scope='module')
def aae_mixture(tmp_path_factory) -> genjax.Run:
  return genjax.load(trained(tmp_path_factory, 'aae_digits_mixture'))


@pytest.fixture(scope='module')
def gan_ring(tmp_path_factory) -> genjax.Run:
  return genjax.load(trained(tmp_path_factory, 'gan_ring8', 'sample_every=2'))


def test_prior_sample_by_label_draws_from_that_labels_region(aae_mixture, run):
  draws = {label: aae_mixture.prior_sample(200, seed=1, label=label) for label in (0, 3)}
  for label, codes in draws.items():  # Component k of 10 is centred at radius 2, angle 2πk/10.
    angle = 2 * np.pi * label / 10
    assert codes.shape == (200, 2)
    np.testing.assert_allclose(codes.mean(0), [2 * np.cos(angle), 2 * np.sin(angle)], atol=0.1)
  np.testing.assert_array_equal(aae_mixture.prior_sample(5, seed=1, label=3), draws[3][:5])
  assert aae_mixture.prior_sample(7, seed=2).shape == (7, 2)
  with pytest.raises(genjax.GenjaxError, match=r'^label 10 is not a class of this run \(it has 10\)$'):
    aae_mixture.prior_sample(2, label=10)
  with pytest.raises(genjax.GenjaxError, match=r'an? \w+ run has no prior over codes \(VAE, AAE, BiGAN have one\)$'):
    run.prior_sample(2)


def test_discriminate_and_gan_lab_frames_of_a_toy_gan(gan_ring, run):
  points = gan_ring.dataset.test_x[:9]
  outputs = gan_ring.discriminate(points)
  np.testing.assert_allclose(outputs, gan_ring.method.discriminator_outputs(gan_ring.state, jnp.asarray(points)),
                             rtol=1e-5)
  assert outputs.shape[0] == 9 and np.all(np.isfinite(outputs)) and np.ptp(outputs) > 0
  frames = gan_ring.gan_lab_frames()
  assert [path.name for path in frames] == ['step_00000002.png', 'step_00000004.png']
  for tool, message in ((run.discriminate, 'has no discriminator field'), (run.gan_lab_frames, 'has no GAN Lab')):
    with pytest.raises(genjax.GenjaxError, match=message):
      tool(*([points] if tool == run.discriminate else []))


def test_classify_gives_indices_or_probabilities(digits_classifier):
  classifier = genjax.load(digits_classifier)
  x = classifier.dataset.test_x[:12]
  probs = classifier.classify(x, probs=True)
  assert probs.shape == (12, 10)
  np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
  np.testing.assert_array_equal(probs.argmax(axis=1), classifier.classify(x))


def test_an_aae_saved_before_clusters_and_temperature_loads_with_one_cluster_per_class(aae_mixture, tmp_path):
  workdir = shutil.copytree(aae_mixture.workdir, tmp_path / 'run')
  saved = json.loads((workdir / 'config.json').read_text())
  del saved['model']['clusters'], saved['model']['temperature']
  (workdir / 'config.json').write_text(json.dumps(saved))
  older = genjax.load(workdir)
  assert (older.config.model.clusters, older.config.model.temperature, older.method.num_classes) == (0, 1.0, 10)
  np.testing.assert_array_equal(older.sample(3, seed=1, label=2), aae_mixture.sample(3, seed=1, label=2))
