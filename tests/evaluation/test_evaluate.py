"""`genjax eval` on tiny runs of every method: the metrics that fit, eval.json, seeds, bad requests, an
eval.json that cannot be written."""
import json
import pathlib
import re
import shutil

import numpy as np
import pytest

from genjax.cli import main
from tests.conftest import genjax_on_a_full_disk, must_not_load, snapshot, the_error_line, trained


@pytest.fixture(scope='module')
def runs(tmp_path_factory, digits_classifier):
  return {
      'classifier': digits_classifier,
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


@pytest.mark.parametrize('metrics, message', [
    ('', '--num_samples 1 is too few: prdc needs at least 6'),
    ('fid,is,kid', '--num_samples 1 is too few: fid needs at least 2; is needs at least 10; kid needs at least 2'),
])
def test_too_few_samples_for_a_metric_are_refused_before_any_work(runs, metrics, message, capsys, monkeypatch):
  monkeypatch.setattr('genjax.evaluation.evaluate.draw_samples', lambda *args: pytest.fail('samples were drawn'))
  args = ['--metrics', metrics] if metrics else []
  assert main(['eval', '--workdir', runs['ring'], '--num_samples', '1', *args]) == 2
  assert capsys.readouterr().err == f'genjax: error: {message}\n'


def test_one_sample_is_enough_for_modes_and_parzen(runs):
  assert {'modes', 'parzen'} <= set(names(evaluate(runs['ring'], '--num_samples', '1', '--metrics', 'modes,parzen')))


def test_vae_with_classifier_features_gets_every_image_metric(runs):
  rows = evaluate(runs['vae'], '--classifier', runs['classifier'], '--num_samples', '200', '--iwae_samples', '8')
  assert {'elbo', 'iwae', 'nll_nats', 'bits_per_dim', 'fid', 'kid', 'is', 'precision', 'recall', 'density',
          'coverage', 'parzen'} <= set(names(rows))
  by_name = {row['metric']: row for row in rows}
  assert by_name['iwae']['value'] >= by_name['elbo']['value'] - 1.0
  assert by_name['fid']['feature_extractor'].startswith('classifier:')


def test_gan_on_images_without_features_gets_parzen_only(runs):
  assert names(evaluate(runs['dcgan'], '--num_samples', '100')) == ['parzen']


def test_samples_in_another_range_are_mapped_to_the_classifiers(runs):
  # The DCGAN makes images in [-1, 1]; the digits classifier was trained on [0, 1].
  rows = evaluate(runs['dcgan'], '--classifier', runs['classifier'], '--metrics', 'fid,is', '--num_samples', '100')
  assert names(rows) == ['fid', 'is'] and all(row['value'] >= 0 for row in rows)


@pytest.fixture(scope='module')
def digits_stats(runs, tmp_path_factory) -> pathlib.Path:
  """A folder with `genjax stats` of the digits' splits under the classifier's features (test.npz,
  train.npz) and pytorch_fid.npz, a copy of test.npz with pytorch-fid's keys only."""
  folder = tmp_path_factory.mktemp('stats')
  for split in ('test', 'train'):
    assert main(['stats', '--source', 'digits', '--classifier', runs['classifier'], '--split', split,
                 '--out', str(folder / f'{split}.npz')]) == 0
  with np.load(folder / 'test.npz') as npz:
    np.savez(folder / 'pytorch_fid.npz', mu=npz['mu'], sigma=npz['sigma'])
  return folder


def test_fid_with_reference_statistics_of_the_held_out_split_equals_fid_without(runs, digits_stats):
  args = ['--classifier', runs['classifier'], '--metrics', 'fid,kid', '--num_samples', '100']
  fid, kid = evaluate(runs['vae'], *args)
  assert fid['value'] > 0
  for name in ('test.npz', 'pytorch_fid.npz'):
    path = digits_stats / name
    with_reference, kid_with_reference = evaluate(runs['vae'], *args, '--reference', str(path))
    assert with_reference['value'] == pytest.approx(fid['value'], rel=1e-9, abs=1e-9)
    assert with_reference['feature_extractor'] == f"{fid['feature_extractor']}; reference {path}"
    assert kid_with_reference == kid  # KID still compares features of the held-out split.
  train, _ = evaluate(runs['vae'], *args, '--reference', str(digits_stats / 'train.npz'))
  assert abs(train['value'] - fid['value']) > 1e-6 * fid['value']  # The reference is what FID compares with.


@pytest.mark.parametrize('arrays, args, message', [
    ({'mu': np.zeros(3)}, [], r'lacks sigma \(it has mu\)'),
    ({'mu': np.zeros(3), 'sigma': np.eye(3)}, [], r'has mu \(3,\) and sigma \(3, 3\), but the features here have \d+'),
    (None, [], r'is not a readable \.npz file'),
    ({'mu': np.zeros(3), 'sigma': np.eye(3)}, ['--metrics', 'kid'], '--reference is the real side of fid, which is not'),
])
def test_bad_references_are_refused_in_one_line_before_any_work(runs, tmp_path, capsys, monkeypatch, arrays, args,
                                                                message):
  monkeypatch.setattr('genjax.evaluation.evaluate.draw_samples', lambda *args: pytest.fail('samples were drawn'))
  path = tmp_path / 'stats.npz'
  if arrays is None:
    path.write_text('mu, sigma\n')
  else:
    np.savez(path, **arrays)
  assert main(['eval', '--workdir', runs['vae'], '--classifier', runs['classifier'], '--reference', str(path),
               *(args or ['--metrics', 'fid'])]) == 2
  err = capsys.readouterr().err
  assert re.fullmatch(f'genjax: error: (--reference {path} )?{message}[^\n]*\n', err), err


def test_a_reference_for_images_needs_their_extractor(runs, tmp_path, capsys):
  np.savez(tmp_path / 'stats.npz', mu=np.zeros(3), sigma=np.eye(3))
  assert main(['eval', '--workdir', runs['vae'], '--metrics', 'fid', '--reference', str(tmp_path / 'stats.npz')]) == 2
  assert capsys.readouterr().err.startswith('genjax: error: statistics of images need features: pass --classifier')


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


def test_feature_metrics_do_not_depend_on_the_extraction_batch(runs, monkeypatch):
  from genjax import metrics
  from genjax.evaluation import features
  extractor = features.ClassifierFeatures(runs['classifier'])
  images = np.random.default_rng(0).uniform(0, 1, (301, 8, 8, 1)).astype(np.float32)
  reference = np.random.default_rng(1).uniform(0, 1, (301, 8, 8, 1)).astype(np.float32)
  results = []
  for batch in (500, 7):
    monkeypatch.setattr(features, 'BATCH', batch)
    (f1, p1), (f2, _) = extractor(images, (0.0, 1.0)), extractor(reference, (0.0, 1.0))
    results.append((metrics.fid_from_features(f2, f1), metrics.inception_score(p1),
                    metrics.precision_recall(f2, f1), metrics.kernel_inception_distance(f2, f1, subset_size=100)))
  fid, score, pr, kid = results[0]
  np.testing.assert_allclose(results[1][0], fid, rtol=1e-5)
  np.testing.assert_allclose(results[1][1], score, rtol=1e-5)
  assert results[1][2] == pr
  np.testing.assert_allclose(results[1][3], kid, rtol=1e-4, atol=1e-7)


def test_classifier_features_are_the_same_in_either_range(runs):
  from genjax.evaluation.features import ClassifierFeatures
  extractor = ClassifierFeatures(runs['classifier'])
  unit = np.random.default_rng(2).uniform(0, 1, (20, 8, 8, 1)).astype(np.float32)
  features_unit, probs_unit = extractor(unit, (0.0, 1.0))
  features_signed, probs_signed = extractor(2 * unit - 1, (-1.0, 1.0))
  np.testing.assert_allclose(features_signed, features_unit, rtol=1e-5, atol=1e-5)
  np.testing.assert_allclose(probs_signed, probs_unit, rtol=1e-5, atol=1e-6)
  assert not np.allclose(extractor(2 * unit - 1, (0.0, 1.0))[0], features_unit)


def test_stacked_digits_modes_use_the_classifier_on_each_channel(runs, tmp_path_factory):
  stacked = trained(tmp_path_factory, 'dcgan_digits', 'data.source=stacked:digits')
  rows = evaluate(stacked, '--classifier', runs['classifier'], '--num_samples', '200')
  by_name = {row['metric']: row['value'] for row in rows}
  assert {'modes', 'kl', 'fid', 'kid', 'is', 'precision', 'parzen'} <= set(by_name)
  assert 1 <= by_name['modes'] <= 200 and by_name['kl'] >= 0


def test_swissroll_gets_no_mode_metrics(tmp_path_factory):
  roll = trained(tmp_path_factory, 'gan_ring8', 'data.source=toy:swissroll')
  assert names(evaluate(roll, '--num_samples', '200')) == ['precision', 'recall', 'density', 'coverage', 'parzen']


@pytest.mark.parametrize('binarize', [False, True])
def test_the_likelihood_scores_the_test_set_as_training_saw_it(runs, binarize, monkeypatch):
  # Burda et al. 2016 score dynamically binarized MNIST on a binarized test set, not on grey levels.
  from genjax import metrics
  from genjax.evaluation import evaluate as evaluation
  from genjax.runs.directory import load_run_config
  from genjax.data import load_dataset
  from genjax.runs.latest import load_latest
  seen = []
  monkeypatch.setattr(metrics, 'evaluate_likelihood', lambda method, params, x, *args, **kwargs: seen.append(
      np.asarray(x)) or {name: 0.0 for name in ('elbo', 'iwae', 'nll_nats', 'bits_per_dim')})
  config = load_run_config(runs['vae'])
  config.data.binarize = binarize
  dataset = load_dataset(config.data)
  method, state, spec, _ = load_latest(runs['vae'])
  evaluation.measure(method, state, spec, dataset, None, evaluation.Options(metrics=('nll',)), config.data)
  if binarize:
    assert set(np.unique(seen[0])) == {0.0, 1.0} and abs(seen[0].mean() - dataset.test_x.mean()) < 0.02
  else:
    np.testing.assert_array_equal(seen[0], dataset.test_x)


class _ImagesOfTheLabel:
  """A stand-in conditional model: 'samples' of class k are held-out digits of class k + `shift`. The
  label comes traced (one program for every class), so it indexes an array."""
  num_classes = 10

  def __init__(self, x, y, shift: int):
    import jax.numpy as jnp
    self.any_label = jnp.asarray(x)
    self.by_label = jnp.stack([jnp.asarray(x[y == (label + shift) % 10][:8]) for label in range(10)])

  def sample(self, state, key, num, label=None):
    return (self.any_label if label is None else self.by_label[label])[:num]


def test_label_accuracy_is_the_classifiers_verdict_on_each_asked_class(runs):
  from genjax.evaluation import evaluate as evaluation
  from genjax.runs.directory import load_run_config
  from genjax.data import load_dataset
  from genjax.data.spec import DataSpec
  from genjax.evaluation.features import ClassifierFeatures
  dataset = load_dataset(load_run_config(runs['classifier']).data)
  extractor = ClassifierFeatures(runs['classifier'])
  x, y = dataset.test_x, dataset.test_y
  predicted = extractor(x, dataset.value_range)[1].argmax(-1)
  options = evaluation.Options(metrics=('label_accuracy',), num_samples=50)
  for shift in (0, 1):
    model = _ImagesOfTheLabel(x, y, shift)
    expected = np.mean([predicted[y == (k + shift) % 10][:5] == k for k in range(10)])
    [row] = evaluation.measure(model, None, DataSpec.of(dataset), dataset, extractor, options, None)
    assert row['metric'] == 'label_accuracy' and row['num_samples'] == 50
    np.testing.assert_allclose(row['value'], expected)
  assert expected < 0.5  # Shifted labels: the classifier disagrees with the asked class.


def test_conditional_gan_gets_label_accuracy_by_default(runs, tmp_path_factory):
  cgan = trained(tmp_path_factory, 'cgan_digits')
  rows = evaluate(cgan, '--classifier', runs['classifier'], '--num_samples', '100')
  [accuracy] = [row for row in rows if row['metric'] == 'label_accuracy']
  assert 0 <= accuracy['value'] <= 1 and accuracy['num_samples'] == 100
  assert main(['eval', '--workdir', runs['dcgan'], '--classifier', runs['classifier'], '--metrics',
               'label_accuracy']) == 2


@pytest.fixture
def autoencoder_copy(digits_autoencoder, tmp_path) -> pathlib.Path:
  """A copy of the digits autoencoder's run (eval measures its Parzen window), to spoil."""
  return pathlib.Path(shutil.copytree(digits_autoencoder, tmp_path / 'run'))


@pytest.mark.parametrize('fault', ['eval.json is a folder', 'a read-only workdir'])
def test_an_eval_json_that_cannot_be_written_is_refused_before_measuring(fault, autoencoder_copy, capsys,
                                                                         monkeypatch, make_immutable):
  target = autoencoder_copy / 'eval.json'
  if fault == 'eval.json is a folder':
    target.mkdir()
    reason = 'it is a folder, not a file'
  else:
    make_immutable(autoencoder_copy)
    reason = 'Operation not permitted'
  before = snapshot(autoencoder_copy)
  monkeypatch.setattr('genjax.runs.run.load_latest', must_not_load)
  assert main(['eval', '--workdir', str(autoencoder_copy)]) == 2
  assert capsys.readouterr().err == f'genjax: error: cannot write {target}: {reason}\n'
  assert snapshot(autoencoder_copy) == before


def _table_rows(out: str) -> list[str]:
  """The table's metric names; the progress lines `genjax eval` prints around it ('genjax: eval: ...') left out."""
  header, *rows = [line for line in out.splitlines() if not line.startswith('genjax: eval: ')]
  assert header.split() == ['metric', 'value', 'std', 'samples', 'features']
  return [row.split()[0] for row in rows]


def test_an_eval_json_that_cannot_be_replaced_late_is_kept_and_the_metrics_printed(autoencoder_copy, capsys,
                                                                                   make_immutable):
  target = autoencoder_copy / 'eval.json'
  target.write_text('[]\n')
  make_immutable(target)  # The workdir takes the temporary; only the rename over the old file fails.
  before = snapshot(autoencoder_copy)
  assert main(['eval', '--workdir', str(autoencoder_copy), '--num_samples', '50']) == 2
  out, err = capsys.readouterr()
  assert _table_rows(out) == ['parzen']
  assert err == f'genjax: error: could not write {target}: Operation not permitted\n'
  assert snapshot(autoencoder_copy) == before


def test_eval_on_a_full_disk_prints_the_metrics_and_keeps_the_old_eval_json(autoencoder_copy):
  target = autoencoder_copy / 'eval.json'
  target.write_text('[]\n')
  before = snapshot(autoencoder_copy)
  process = genjax_on_a_full_disk('eval', '--workdir', str(autoencoder_copy), '--num_samples', '50')
  assert process.returncode == 2
  assert the_error_line(process.stderr) == f'genjax: error: could not write {target}: File too large'
  assert _table_rows(process.stdout) == ['parzen']
  assert snapshot(autoencoder_copy) == before


def test_eval_says_what_it_skips_each_stage_and_the_file_it_wrote(autoencoder_copy, capsys):
  assert main(['eval', '--workdir', str(autoencoder_copy), '--num_samples', '50']) == 0
  said = [line for line in capsys.readouterr().out.splitlines() if line.startswith('genjax: eval: ')]
  assert said[0] == ('genjax: eval: skipped fid, kid, is, prdc: they need image features; to enable them, train a '
                     'classifier (genjax train --config classifier_digits --workdir runs/classifier_digits) and pass '
                     '--classifier runs/classifier_digits, or pass --inception_weights PATH (docs/inception.md)')
  stages = [line.split(' done in ')[0] for line in said[1:-1]]
  assert stages == ['genjax: eval: drawing 50 samples ...', 'genjax: eval: drawing 50 samples',
                    'genjax: eval: parzen (1 of 1) ...', 'genjax: eval: parzen (1 of 1)']
  assert said[-1] == f'genjax: eval: wrote {autoencoder_copy / "eval.json"}'
