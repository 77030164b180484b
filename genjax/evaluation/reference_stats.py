"""`genjax stats`: the Gaussian fit of a data set's features, the mu and Sigma of FID (Heusel et al.
2017, Eq. 6) for its real side, computed once and chunk by chunk, and its reading by `genjax eval
--reference`.

The .npz holds pytorch-fid's keys, `mu` [D] and `sigma` [D, D] (float64), so statistics pass
between the two tools, and beside them `num_examples`, `extractor`, `source` and `split`. A file
with only `mu` and `sigma` (pytorch-fid's `--save-stats`) is read as well.
"""
import os
import pathlib
import zipfile
from collections.abc import Iterator
from typing import NamedTuple

import ml_collections
import numpy as np

from genjax import metrics
from genjax.core.files import check_target, write_npz_atomic, writing
from genjax.data.chunks import example_chunks
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.evaluation.features import make_extractor

CHUNK = 1000  # Examples whose features are extracted at a time.
KEYS = ('mu', 'sigma')
NEEDS_FEATURES = 'pass --classifier DIR (a classifier run) or --inception_weights PATH'


class ReferenceStats(NamedTuple):
  """The statistics read from `path`."""
  path: str
  mu: np.ndarray
  sigma: np.ndarray


def feature_dim(extractor, spec: DataSpec) -> int:
  """The length of the vectors FID compares: the extractor's features, or a point's coordinates."""
  if spec.kind == 'points':
    return spec.shape[-1]
  if extractor is None:
    raise GenjaxError(f'statistics of images need features: {NEEDS_FEATURES}')
  return extractor.feature_dim(spec)


def _limited(chunks: Iterator[np.ndarray], num: int) -> Iterator[np.ndarray]:
  """The first `num` examples of `chunks` (all of them for 0), in chunks."""
  seen = 0
  for chunk in chunks:
    if num and seen + len(chunk) >= num:
      yield chunk[:num - seen]
      return
    seen += len(chunk)
    yield chunk


def compute_reference_stats(data_cfg: ml_collections.ConfigDict, split: str, num: int = 0, classifier: str = '',
                            inception_weights: str = '') -> dict[str, np.ndarray]:
  """The arrays of a statistics file: mu and sigma of the features of the first `num` examples (0:
  all) of `split`, extracted CHUNK at a time, and what they were computed from."""
  split_chunks = example_chunks(data_cfg, split, CHUNK)
  spec = split_chunks.spec
  extractor = make_extractor(spec, classifier, inception_weights)
  feature_dim(extractor, spec)  # Refuses images without an extractor before any work.
  if num < 0 or num == 1 or num > split_chunks.num_examples:
    raise GenjaxError(f'--num must be 0 (all) or from 2 to the {split_chunks.num_examples} examples of the '
                      f'{split} split, got {num}')
  features = (chunk if extractor is None else extractor(chunk, spec.value_range)[0]
              for chunk in _limited(split_chunks.chunks, num))
  count, mu, sigma = metrics.streaming_gaussian_statistics(features)
  return {'mu': mu, 'sigma': sigma, 'num_examples': np.int64(count),
          'extractor': np.str_('coordinates' if extractor is None else extractor.name),
          'source': np.str_(data_cfg.source), 'split': np.str_(split)}


def stats_command(data_cfg: ml_collections.ConfigDict, out: str, split: str = 'test', num: int = 0,
                  classifier: str = '', inception_weights: str = '') -> dict[str, np.ndarray]:
  """`compute_reference_stats`, written to the .npz `out` in one rename (a killed run leaves no half
  file; `out` is checked writable before any work)."""
  if pathlib.Path(out).suffix != '.npz':
    raise GenjaxError(f'--out must end in .npz, got {out}')
  target = check_target(out)
  stats = compute_reference_stats(data_cfg, split, num, classifier, inception_weights)
  with writing(target):
    write_npz_atomic(target, stats)
  return stats


def load_reference_stats(path: str | os.PathLike[str], dim: int) -> ReferenceStats:
  """`mu` [dim] and `sigma` [dim, dim] of the .npz at `path`, checked: one-line GenjaxError for a
  file that is not an .npz, a missing key, another feature dimension or values that are not finite."""
  where = f'--reference {path}'
  try:
    loaded = np.load(path, allow_pickle=False)
    if not isinstance(loaded, np.lib.npyio.NpzFile):
      raise GenjaxError(f'{where} is not an .npz file (it holds one array)')
    with loaded as npz:
      missing = [key for key in KEYS if key not in npz.files]
      if missing:
        raise GenjaxError(f"{where} lacks {', '.join(missing)} (it has {', '.join(npz.files) or 'nothing'}); "
                          'statistics files hold mu and sigma')
      mu, sigma = (np.asarray(npz[key], np.float64) for key in KEYS)
  except (OSError, ValueError, EOFError, zipfile.BadZipFile) as e:
    raise GenjaxError(f'{where} is not a readable .npz file: {e}'.replace('\n', ' ')) from e
  if mu.shape != (dim,) or sigma.shape != (dim, dim):
    raise GenjaxError(f'{where} has mu {mu.shape} and sigma {sigma.shape}, but the features here have '
                      f'{dim} dimensions: mu ({dim},) and sigma ({dim}, {dim})')
  if not (np.isfinite(mu).all() and np.isfinite(sigma).all()):
    raise GenjaxError(f'{where} holds values that are not finite')
  return ReferenceStats(str(path), mu, sigma)
