"""`genjax latents`: the pictures of a trained autoencoder, and its refusals (and `genjax interpolate
--encode`'s, of a model without codes)."""
from PIL import Image

from genjax.cli import main
from tests.conftest import CONFIGS, tiny_overrides


def _train(name: str, workdir, *overrides: str) -> None:
  args = [f'--config.{o}' for o in [*tiny_overrides(name), *overrides]]
  assert main(['train', '--config', str(CONFIGS / f'{name}.py'), '--workdir', str(workdir), '--no_progress', *args]) == 0


def test_two_dimensional_codes_get_every_picture(tmp_path, capsys):
  _train('aae_digits_mixture', tmp_path / 'run')
  capsys.readouterr()  # what the training said
  assert main(['latents', '--workdir', str(tmp_path / 'run'), '--out', str(tmp_path / 'pictures'), '--num', '30']) == 0
  names = {'reconstructions.png', 'interpolation_linear.png', 'interpolation_spherical.png', 'manifold.png', 'latents.png'}
  assert {p.name for p in (tmp_path / 'pictures').iterdir()} == names
  assert capsys.readouterr().out.count('.png') == len(names)
  assert Image.open(tmp_path / 'pictures' / 'manifold.png').size[0] > 20 * 8  # a 20 x 20 grid of 8x8 digits


def test_wider_codes_skip_the_two_dimensional_pictures(tmp_path):
  _train('ae_digits', tmp_path / 'run', 'model.latent_dim=3')
  assert main(['latents', '--workdir', str(tmp_path / 'run'), '--out', str(tmp_path / 'pictures'), '--num', '5']) == 0
  assert {p.name for p in (tmp_path / 'pictures').iterdir()} == {
      'reconstructions.png', 'interpolation_linear.png', 'interpolation_spherical.png'}


def test_methods_without_codes_and_bad_counts_are_refused(tmp_path, capsys):
  _train('dcgan_digits', tmp_path / 'gan')
  capsys.readouterr()
  assert main(['latents', '--workdir', str(tmp_path / 'gan'), '--out', str(tmp_path / 'p')]) == 2
  error = capsys.readouterr().err
  assert 'need an autoencoder of images: a model that encodes and decodes' in error and error.count('\n') == 1
  assert main(['interpolate', '--workdir', str(tmp_path / 'gan'), '--out', str(tmp_path / 'p.png'),
               '--encode']) == 2
  error = capsys.readouterr().err
  assert 'needs a model with an encoder' in error and error.count('\n') == 1
  assert not (tmp_path / 'p.png').exists()
  assert main(['latents', '--workdir', str(tmp_path / 'gan'), '--out', str(tmp_path / 'p'), '--num', '1']) == 2
  assert not (tmp_path / 'p').exists()
