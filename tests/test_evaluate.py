"""`genjax eval` on tiny runs of every method: the metrics that fit, eval.json, seeds, bad requests."""
import json

import pytest

from genjax.cli import main
from tests.conftest import CONFIGS, tiny_overrides


def trained(tmp_path_factory, name: str, *extra: str) -> str:
  workdir = str(tmp_path_factory.mktemp(name))
  args = [f'--config.{o}' for o in tiny_overrides(name)] + [f'--config.{o}' for o in extra]
  assert main(['train', '--config', str(CONFIGS / f'{name}.py'), '--workdir', workdir, '--no_progress', *args]) == 0
  return workdir


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
  return {
      'classifier': trained(tmp_path_factory, 'classifier_digits', 'steps=30'),
      'vae': trained(tmp_path_factory, 'vae_digits'),
      'dcgan': trained(tmp_path_factory, 'dcgan_digits'),
      'ring': trained(tmp_path_factory, 'gan_ring8'),
  }


def evaluate(workdir: str, *args: str) -> list[dict]:
  assert main(['eval', '--workdir', workdir, *args]) == 0
  with open(f'{workdir}/eval.json') as f:
    return json.load(f)


def names(rows):
  return [row['metric'] for row in rows]


def test_classifier_run_reports_held_out_accuracy(runs):
  rows = evaluate(runs['classifier'])
  assert names(rows) == ['accuracy'] and 0 <= rows[0]['value'] <= 1 and rows[0]['num_samples'] == 180


def test_toy_gan_gets_modes_prdc_and_parzen_and_seeds_repeat(runs):
  first = evaluate(runs['ring'], '--num_samples', '300')
  assert {'modes', 'high_quality', 'reverse_kl', 'precision', 'recall', 'density', 'coverage',
          'parzen'} <= set(names(first))
  assert evaluate(runs['ring'], '--num_samples', '300') == first
  other = evaluate(runs['ring'], '--num_samples', '300', '--seed', '1')
  assert [r['value'] for r in other] != [r['value'] for r in first]


def test_vae_with_classifier_features_gets_every_image_metric(runs):
  rows = evaluate(runs['vae'], '--classifier', runs['classifier'], '--num_samples', '200', '--iwae_samples', '8')
  assert {'elbo', 'iwae', 'nll_nats', 'bits_per_dim', 'fid', 'kid', 'is', 'precision', 'recall', 'density',
          'coverage', 'parzen'} <= set(names(rows))
  by_name = {row['metric']: row for row in rows}
  assert by_name['iwae']['value'] >= by_name['elbo']['value'] - 1.0
  assert by_name['fid']['feature_extractor'].startswith('classifier:')


def test_gan_on_images_without_features_gets_parzen_only(runs):
  assert names(evaluate(runs['dcgan'], '--num_samples', '100')) == ['parzen']


@pytest.mark.parametrize('args, message', [
    (['--metrics', 'fid'], 'needs features'),
    (['--metrics', 'bleu'], 'unknown metric'),
    (['--metrics', 'nll'], 'needs a model with a likelihood'),
    (['--metrics', 'modes'], 'modes is defined for toy'),
])
def test_bad_requests_are_one_line_errors(runs, args, message, capsys):
  assert main(['eval', '--workdir', runs['dcgan'], *args]) == 2
  err = capsys.readouterr().err
  assert message in err and err.count('\n') == 1
