"""A CycleGAN config end to end: training writes translation grids, `genjax translate` writes the
grid and the arrays, `genjax eval` reports the cycle error and, with a classifier of one domain,
the translation accuracy."""
import json

import numpy as np
from PIL import Image

from genjax.cli import main


def test_training_pictures_translations(digits_cyclegan):
  grid = Image.open(f'{digits_cyclegan}/samples/step_00000004.png')
  # 8 held-out pairs x 6 columns of 8x8 digits, upscaled 4x, with 1-pixel borders.
  assert grid.size == (4 * (6 * 9 + 1), 4 * (8 * 9 + 1))


def test_translate_writes_grid_and_arrays(digits_cyclegan, tmp_path, capsys):
  assert main(['translate', '--workdir', digits_cyclegan, '--out', str(tmp_path / 't.npz'),
               '--num', '5']) == 0
  arrays = np.load(tmp_path / 't.npz', allow_pickle=False)
  assert sorted(arrays.files) == ['a', 'ab', 'aba', 'b', 'ba', 'bab']
  assert all(arrays[k].shape == (5, 8, 8, 1) for k in arrays.files)
  assert np.abs(arrays['ab']).max() <= 1.0 and arrays['a'].min() == -1.0  # tanh outputs; signed data
  assert main(['translate', '--workdir', digits_cyclegan, '--out', str(tmp_path / 't.png')]) == 0
  assert Image.open(tmp_path / 't.png').size[0] == 4 * (6 * 9 + 1)
  assert main(['translate', '--workdir', digits_cyclegan, '--out', str(tmp_path / 't.gif')]) == 2
  capsys.readouterr()
  assert main(['sample', '--workdir', digits_cyclegan, '--num', '4', '--out', str(tmp_path / 's.png')]) == 2
  error = capsys.readouterr().err
  assert 'a CycleGAN run draws no samples: it translates images' in error and error.count('\n') == 1


def test_other_methods_do_not_translate(digits_autoencoder, tmp_path, capsys):
  capsys.readouterr()
  assert main(['translate', '--workdir', digits_autoencoder, '--out', str(tmp_path / 't.png')]) == 2
  error = capsys.readouterr().err
  assert 'its Autoencoder run does not translate (train a cyclegan config)' in error and error.count('\n') == 1
  assert not (tmp_path / 't.png').exists()


def test_eval_cycle_error_and_translation_accuracy(digits_cyclegan, digits_classifier, capsys):
  assert main(['eval', '--workdir', digits_cyclegan]) == 0
  rows = {row['metric']: row for row in json.loads(open(f'{digits_cyclegan}/eval.json').read())}
  assert set(rows) == {'cycle_error_a', 'cycle_error_b'}
  assert all(0 < row['value'] < 1 and row['num_samples'] == 90 for row in rows.values())
  classifier = digits_classifier
  assert main(['eval', '--workdir', digits_cyclegan, '--classifier', classifier]) == 0
  rows = {row['metric']: row for row in json.loads(open(f'{digits_cyclegan}/eval.json').read())}
  # A digits classifier judges translations into domain A (digits) of negatives (domain B).
  assert {'translation_accuracy_ba', 'untranslated_accuracy_b'} <= set(rows)
  assert all(0 <= rows[k]['value'] <= 1 for k in ('translation_accuracy_ba', 'untranslated_accuracy_b'))
  assert main(['eval', '--workdir', classifier, '--metrics', 'cycle_error']) == 2
  assert 'for translation runs' in capsys.readouterr().err
  # A translator is no classifier: asked for one's accuracy or features, one line each.
  assert main(['eval', '--workdir', digits_cyclegan, '--metrics', 'accuracy']) == 2
  error = capsys.readouterr().err
  assert 'accuracy is for classifier runs' in error and error.count('\n') == 1
  assert main(['eval', '--workdir', classifier, '--classifier', digits_cyclegan]) == 2
  error = capsys.readouterr().err
  assert 'is not a classifier run' in error and error.count('\n') == 1
