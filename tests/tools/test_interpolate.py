"""`genjax interpolate`: grids and GIFs of decoded latent paths, and its refusals."""
import pytest
from PIL import Image

from genjax.cli import main
from tests.conftest import killed_write


def test_encoded_ends_give_a_row_per_pair(digits_autoencoder, tmp_path, capsys):
  out = tmp_path / 'paths.png'
  assert main(['interpolate', '--workdir', digits_autoencoder, '--out', str(out), '--mode', 'linear',
               '--steps', '5', '--pairs', '3', '--encode']) == 0
  assert capsys.readouterr().out.strip() == str(out)
  assert Image.open(out).size == ((5 * 9 + 1) * 4, (3 * 9 + 1) * 4)  # 8x8 digits, padding 1, enlarged 4x.


def test_prior_ends_as_a_gif(digits_autoencoder, tmp_path):
  out = tmp_path / 'paths.gif'
  assert main(['interpolate', '--workdir', digits_autoencoder, '--out', str(out), '--steps', '4',
               '--pairs', '2']) == 0
  gif = Image.open(out)
  assert gif.size == ((2 * 9 + 1) * 4, 9 * 4 + 4)
  assert 1 < gif.n_frames <= 4  # Pillow merges identical consecutive frames.


@pytest.mark.parametrize('args, message', [
    (['--out', 'x.jpg'], '.png or .gif'), (['--mode', 'cubic'], 'not one of'), (['--steps', '1'], '--steps'),
    (['--pairs', '900', '--encode'], 'held-out images')])
def test_refusals_are_one_line(digits_autoencoder, tmp_path, capsys, args, message):
  assert main(['interpolate', '--workdir', digits_autoencoder, '--out', str(tmp_path / 'p.png'), *args]) == 2
  error = capsys.readouterr().err
  assert message in error and error.count('\n') == 1
  assert not (tmp_path / 'p.png').exists()


def test_the_next_write_clears_the_temporary_of_a_killed_one(digits_autoencoder, tmp_path):
  out = tmp_path / 'paths.png'
  killed_write(out)
  assert main(['interpolate', '--workdir', digits_autoencoder, '--out', str(out), '--steps', '3',
               '--pairs', '1']) == 0
  assert list(tmp_path.iterdir()) == [out] and Image.open(out).size == ((3 * 9 + 1) * 4, (9 + 1) * 4)
