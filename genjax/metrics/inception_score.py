"""Inception Score from a classifier's predictions on generated samples."""
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from genjax.errors import check_choice

SplitBoundaries = Literal['numpy', 'torch_fidelity']


def _score(log_probs: np.ndarray) -> float:
  """exp(mean_x KL(p(y|x) || p(y))) for one split, from log p(y|x) [n, C] in float64.

  p(y) = mean_x p(y|x) is formed in log space (logsumexp); the KL sums p * (log p - log p(y)) over
  the classes with p > 0 only, the limit of the term at p = 0 being 0.
  """
  probs = np.exp(log_probs)
  log_marginal = special.logsumexp(log_probs, axis=0) - np.log(len(log_probs))
  log_ratio = np.subtract(log_probs, log_marginal, out=np.zeros_like(log_probs), where=probs > 0)
  return float(np.exp(np.sum(probs * log_ratio, axis=1).mean()))


def split_starts(num: int, splits: int, boundaries: SplitBoundaries) -> list[int]:
  """Where each of `splits` contiguous parts of `num` rows starts, and `num` last.

  'numpy' (`np.array_split`): the first num % splits parts have one row more. 'torch_fidelity'
  (its `isc_features_to_metric`): part i is rows i*num//splits to (i+1)*num//splits. The two agree
  when `splits` divides `num`; otherwise the scores differ a little (14.919 and 14.937 on the same
  1,003 predictions, issue 18).
  """
  check_choice('Inception Score split_boundaries', boundaries, ('numpy', 'torch_fidelity'))
  if boundaries == 'torch_fidelity':
    return [i * num // splits for i in range(splits + 1)]
  size, extra = divmod(num, splits)
  return [i * size + min(i, extra) for i in range(splits + 1)]


def _split_scores(log_probs: np.ndarray, splits: int, boundaries: SplitBoundaries) -> tuple[float, float]:
  if log_probs.ndim != 2 or not 1 <= splits <= len(log_probs):
    raise ValueError(f'need [N, C] predictions with 1 <= splits <= N, got shape {log_probs.shape} '
                     f'and splits {splits}')
  starts = split_starts(len(log_probs), splits, boundaries)
  scores = [_score(log_probs[start:end]) for start, end in zip(starts[:-1], starts[1:])]
  return float(np.mean(scores)), float(np.std(scores))


def inception_score(probs: ArrayLike, splits: int = 10,
                    split_boundaries: SplitBoundaries = 'numpy') -> tuple[float, float]:
  """Inception Score (Salimans et al. 2016, Sec. 4): exp(E_x KL(p(y|x) || p(y))).

  The N predictions are cut, in order, into `splits` contiguous parts of near-equal size (where
  `split_boundaries` says, see `split_starts`); each part gets its own marginal p(y) and score, and
  the result is the mean and std over parts of exp(mean KL), not of the mean of per-example exp(KL)
  (Barratt & Sharma 2018). Logs are taken in float64; a zero probability gives log 0 = -inf and its
  term is skipped (p log p -> 0), which guards the log exactly where an added epsilon would shift
  the score.

  Args:
    probs: class probabilities p(y|x) [N, C], rows summing to 1.
    splits: number of parts, 1 <= splits <= N.
    split_boundaries: 'numpy' (genjax's) or 'torch_fidelity', for N not a multiple of `splits`.

  Returns:
    (mean, std) over parts; each score lies in [1, C].
  """
  with np.errstate(divide='ignore'):
    log_probs = np.log(np.asarray(probs, np.float64))
  return _split_scores(log_probs, splits, split_boundaries)


def inception_score_from_logits(logits: ArrayLike, splits: int = 10,
                                split_boundaries: SplitBoundaries = 'numpy') -> tuple[float, float]:
  """`inception_score` of softmax(logits) [N, C], with log p(y|x) taken by a stable log-softmax."""
  return _split_scores(special.log_softmax(np.asarray(logits, np.float64), axis=1), splits, split_boundaries)
