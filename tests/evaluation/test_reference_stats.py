"""`genjax stats`: feature statistics of a split, chunk by chunk, as an .npz that pytorch-fid can read
too; the reading of such files, and its refusals."""
import numpy as np
import pytest

from genjax.cli import main
from genjax.config import data_config
from genjax.data import load_dataset
from genjax.data.chunks import example_chunks
from genjax.data.prepare import prepare
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.evaluation import reference_stats
from genjax.evaluation.features import ClassifierFeatures
from tests.conftest import genjax_on_a_full_disk, killed_write, snapshot, the_error_line

DIGITS_TEST = 180  # round(0.1 * 1797) held out


def test_chunks_cover_the_split_in_order():
  chunks = example_chunks(data_config('stats', 'digits', []), 'test', 50)
  assert chunks.num_examples == DIGITS_TEST and chunks.spec.shape == (8, 8, 1)
  parts = list(chunks.chunks)
  assert [len(part) for part in parts] == [50, 50, 50, 30]
  np.testing.assert_array_equal(np.concatenate(parts), load_dataset(data_config('stats', 'digits', [])).test_x)


@pytest.mark.parametrize('split', ['train', 'test'])
def test_a_set_read_on_access_is_read_chunk_by_chunk_with_the_examples_of_the_loaded_set(tmp_path, split):
  prepare(data_config('prepare', 'digits', []), str(tmp_path / 'records'))  # No test split: one is held out.
  data_cfg = data_config('stats', f'records:{tmp_path / "records"}', ['data.range=signed'])
  chunks = example_chunks(data_cfg, split, 500)
  loaded = load_dataset(data_cfg)
  expected = loaded.train_x if split == 'train' else loaded.test_x
  assert chunks.num_examples == len(expected) and chunks.spec == DataSpec.of(loaded)
  np.testing.assert_array_equal(np.concatenate(list(chunks.chunks)), expected)


@pytest.mark.parametrize('num, expected', [(0, DIGITS_TEST), (14, 14), (21, 21)])
def test_stats_equal_numpys_mean_and_cov_of_the_features(digits_classifier, monkeypatch, num, expected):
  monkeypatch.setattr(reference_stats, 'CHUNK', 7)  # Many chunks, the last one short or cut by num.
  stats = reference_stats.compute_reference_stats(data_config('stats', 'digits', []), 'test', num,
                                                  classifier=digits_classifier)
  extractor = ClassifierFeatures(digits_classifier)
  features, _ = extractor(load_dataset(data_config('stats', 'digits', [])).test_x[:expected], (0.0, 1.0))
  features = features.astype(np.float64)
  assert int(stats['num_examples']) == expected and stats['mu'].dtype == np.float64
  np.testing.assert_allclose(stats['mu'], np.mean(features, axis=0), rtol=1e-10, atol=1e-12)
  np.testing.assert_allclose(stats['sigma'], np.cov(features, rowvar=False), rtol=1e-9, atol=1e-12)
  assert str(stats['extractor']) == extractor.name and str(stats['split']) == 'test'


@pytest.mark.parametrize('channels', [1, 3])  # Digits, and stacked digits (the features concatenated).
def test_the_classifiers_feature_dim_is_that_of_its_features(digits_classifier, channels):
  extractor = ClassifierFeatures(digits_classifier)
  spec = DataSpec('image', (8, 8, channels), (0.0, 1.0), 0, 17)
  features, _ = extractor(np.zeros((2, 8, 8, channels), np.float32), (0.0, 1.0))
  assert extractor.feature_dim(spec) == features.shape[1] > 0


def test_points_are_their_own_features():
  data_cfg = data_config('stats', 'toy:ring8', ['data.toy_size=300'])
  stats = reference_stats.compute_reference_stats(data_cfg, 'train', 0)
  points = load_dataset(data_cfg).train_x.astype(np.float64)
  np.testing.assert_allclose(stats['sigma'], np.cov(points, rowvar=False), rtol=1e-10)
  assert int(stats['num_examples']) == len(points) == 300 and str(stats['extractor']) == 'coordinates'


def test_the_command_writes_pytorch_fids_keys_and_its_metadata(digits_classifier, tmp_path, capsys):
  out = tmp_path / 'digits.npz'
  assert main(['stats', '--source', 'digits', '--classifier', digits_classifier, '--out', str(out),
               '--split', 'train', '--num', '100']) == 0
  assert capsys.readouterr().out == (f'{out}: mu and sigma of 100 classifier:{digits_classifier} features of the '
                                     'train split of digits\n')
  with np.load(out, allow_pickle=False) as npz:
    assert set(npz.files) == {'mu', 'sigma', 'num_examples', 'extractor', 'source', 'split'}
    dim = npz['mu'].shape[0]
    assert npz['sigma'].shape == (dim, dim) and int(npz['num_examples']) == 100 and str(npz['source']) == 'digits'
  assert sorted(p.name for p in tmp_path.iterdir()) == ['digits.npz']  # No temporary left.


def test_a_killed_runs_temporary_is_cleared_by_the_next_run(tmp_path, capsys):
  out = tmp_path / 'ring.npz'
  temporary = killed_write(out)
  assert main(['stats', '--source', 'toy:ring8', '--config.data.toy_size=300', '--out', str(out)]) == 0
  assert not temporary.exists() and sorted(p.name for p in tmp_path.iterdir()) == ['ring.npz']
  with np.load(out) as npz:
    assert int(npz['num_examples']) == 10_000  # The toys' own test set.


def test_a_failed_write_keeps_the_old_file_whole_and_leaves_no_temporary(tmp_path):
  out = tmp_path / 'ring.npz'
  out.write_bytes(b'old statistics')
  process = genjax_on_a_full_disk('stats', '--source', 'toy:ring8', '--config.data.toy_size=300', '--out', str(out))
  assert process.returncode == 2
  assert the_error_line(process.stderr) == f'genjax: error: could not write {out}: File too large'
  assert snapshot(tmp_path) == {out: b'old statistics'}


@pytest.mark.parametrize('args, message', [
    (['--source', 'digits'], 'statistics of images need features: pass --classifier DIR'),
    (['--source', 'toy:ring8', '--split', 'valid'], "--split 'valid' is not one of train, test"),
    (['--source', 'toy:ring8', '--num', '1'], '--num must be 0 (all) or from 2 to the 10000 examples of the test'),
    (['--source', 'toy:ring8', '--num', '10001'], 'got 10001'),
    (['--source', 'toy:ring8', '--config.steps=3'], 'takes --config.data.KEY=VALUE overrides only, got --config.steps'),
    (['--source', 'toy:ring8', '--classifier', 'a', '--inception_weights', 'b'], 'not allowed with argument'),
])
def test_bad_requests_are_one_line_and_write_nothing(tmp_path, capsys, args, message):
  assert main(['stats', '--out', str(tmp_path / 'stats.npz'), *args]) == 2
  err = capsys.readouterr().err
  assert message in err and err.count('\n') == 1, err
  assert snapshot(tmp_path) == {}


def test_an_out_that_is_no_npz_or_cannot_be_written_is_refused_before_reading(tmp_path, capsys, monkeypatch):
  monkeypatch.setattr(reference_stats, 'example_chunks', lambda *args: pytest.fail('the data was read'))
  (tmp_path / 'folder.npz').mkdir()
  for out, message in ((tmp_path / 'stats.json', '--out must end in .npz'),
                       (tmp_path / 'folder.npz', 'it is a folder, not a file')):
    assert main(['stats', '--source', 'toy:ring8', '--out', str(out)]) == 2
    assert message in capsys.readouterr().err


# Reading.


def _saved(path, **arrays) -> str:
  np.savez(path, **arrays)
  return str(path)


def test_a_pytorch_fid_file_with_mu_and_sigma_only_is_read(tmp_path):
  mu, sigma = np.arange(3.0), np.eye(3)
  stats = reference_stats.load_reference_stats(_saved(tmp_path / 'fid.npz', mu=mu, sigma=sigma), 3)
  np.testing.assert_array_equal(stats.mu, mu)
  np.testing.assert_array_equal(stats.sigma, sigma)


@pytest.mark.parametrize('arrays, message', [
    ({'mu': np.zeros(3)}, r'lacks sigma \(it has mu\); statistics files hold mu and sigma$'),
    ({'m': np.zeros(3), 's': np.eye(3)}, r'lacks mu, sigma \(it has m, s\)'),
    ({'mu': np.zeros(4), 'sigma': np.eye(4)}, r'has mu \(4,\) and sigma \(4, 4\), but the features here have 3 '
                                             r'dimensions: mu \(3,\) and sigma \(3, 3\)$'),
    ({'mu': np.zeros(3), 'sigma': np.eye(3)[:2]}, r'has mu \(3,\) and sigma \(2, 3\), but'),
    ({'mu': np.full(3, np.nan), 'sigma': np.eye(3)}, 'holds values that are not finite$'),
])
def test_bad_statistics_are_refused_in_one_line(tmp_path, arrays, message):
  path = _saved(tmp_path / 'stats.npz', **arrays)
  with pytest.raises(GenjaxError, match=f'^--reference {path} {message}') as info:
    reference_stats.load_reference_stats(path, 3)
  assert '\n' not in str(info.value)


def test_files_that_are_not_npz_are_refused_in_one_line(tmp_path):
  np.save(tmp_path / 'array.npy', np.zeros(3))
  (tmp_path / 'text.npz').write_text('mu\nsigma\n')
  (tmp_path / 'half.npz').write_bytes(open(_saved(tmp_path / 'whole.npz', mu=np.zeros(3), sigma=np.eye(3)),
                                           'rb').read()[:200])
  for name, message in (('array.npy', r'is not an \.npz file \(it holds one array\)$'),
                        ('text.npz', r'is not a readable \.npz file: '), ('half.npz', r'is not a readable \.npz file: '),
                        ('absent.npz', r'is not a readable \.npz file: .*No such file')):
    with pytest.raises(GenjaxError, match=f'^--reference {tmp_path / name} {message}') as info:
      reference_stats.load_reference_stats(tmp_path / name, 3)
    assert '\n' not in str(info.value)
