"""The benchmark configs (CIFAR-10, CelebA) end to end: `genjax train`, `sample` and, for the VAE,
`eval --metrics nll`, on fake TFDS sets with the real feature spec and on-disk format (conftest),
at widths that keep each run to seconds."""
import json

import numpy as np
import pytest

from genjax.cli import main
from tests.conftest import CONFIGS, FAKE_TFDS_SPLITS, tiny_overrides

# Narrow nets and batches of 8 for each config (its layer count and everything else unchanged).
NARROW = {
    'dcgan_cifar10': ('model.g_features=(16, 8, 8)', 'model.d_features=(8, 8, 16)'),
    'sngan_cifar10': ('model.g_features=(8, 8, 8)', 'model.d_features=(8, 8, 8, 8)'),
    'biggan_cifar10': ('model.g_features=(8, 8, 8)', 'model.d_features=(8, 8, 8, 8)'),
    'vae_cifar10': ('model.features=(8, 8, 16)', 'model.latent_dim=4'),
    'dcgan_celeba64': ('model.g_features=(16, 8, 8, 4)', 'model.d_features=(4, 8, 8, 16)'),
    'vae_celeba64': ('model.features=(4, 8, 8, 16)', 'model.latent_dim=4'),
}
# The images each source's runs sample: CIFAR-10 as stored, CelebA resized to 64x64.
SHAPES = {'tfds:cifar10': (32, 32, 3), 'tfds:celeb_a': (64, 64, 3)}


def test_every_benchmark_config_is_covered():
  shipped = {path.stem for path in CONFIGS.glob('*.py') if path.stem.endswith(('_cifar10', '_celeba64'))}
  assert shipped == set(NARROW)


@pytest.mark.parametrize('name', sorted(NARROW))
def test_benchmark_config_trains_samples_and_evaluates(name, tmp_path, fake_tfds):
  """Train and sample; a VAE also reports its test NLL in bits/dim (`genjax eval --metrics nll`)."""
  workdir = str(tmp_path / 'run')
  overrides = (*tiny_overrides(name), 'batch_size=8', *NARROW[name])
  assert main(['train', '--config', str(CONFIGS / f'{name}.py'), '--workdir', workdir, '--no_progress',
               *[f'--config.{o}' for o in overrides]]) == 0
  assert (tmp_path / 'run' / 'samples' / 'step_00000004.png').is_file()
  config = json.loads((tmp_path / 'run' / 'config.json').read_text())
  conditional = config['model'].get('conditioning', 'none') != 'none'
  label = ['--label', '3'] if conditional else []
  assert main(['sample', '--workdir', workdir, '--num', '4', '--out', str(tmp_path / 's.npz'), *label]) == 0
  samples = np.load(tmp_path / 's.npz')['samples']
  shape = SHAPES[config['data']['source']]
  low = -1 if config['data']['range'] == 'signed' else 0
  assert samples.shape == (4, *shape)
  assert np.isfinite(samples).all() and low <= samples.min() and samples.max() <= 1
  if config['method'] == 'vae':
    assert main(['eval', '--workdir', workdir, '--metrics', 'nll', '--iwae_samples', '4']) == 0
    rows = {row['metric']: row for row in json.loads((tmp_path / 'run' / 'eval.json').read_text())}
    bits = rows['bits_per_dim']
    test_size = FAKE_TFDS_SPLITS[config['data']['source'].removeprefix('tfds:')]['test']
    assert bits['num_samples'] == test_size and np.isfinite(bits['value']) and bits['value'] > 0
    # A discretized likelihood's bits/dim: its NLL over the image's subpixels, in bits.
    np.testing.assert_allclose(bits['value'], rows['nll_nats']['value'] / (np.prod(shape) * np.log(2)),
                               rtol=1e-6)
