"""Inception Score from a classifier's predictions on generated samples."""
import numpy as np
from numpy.typing import ArrayLike
from scipy import special


def _score(log_probs: np.ndarray) -> float:
  """exp(mean_x KL(p(y|x) || p(y))) for one split, from log p(y|x) [n, C] in float64.

  p(y) = mean_x p(y|x) is formed in log space (logsumexp); the KL sums p * (log p - log p(y)) over
  the classes with p > 0 only, the limit of the term at p = 0 being 0.
  """
  probs = np.exp(log_probs)
  log_marginal = special.logsumexp(log_probs, axis=0) - np.log(len(log_probs))
  log_ratio = np.subtract(log_probs, log_marginal, out=np.zeros_like(log_probs), where=probs > 0)
  return float(np.exp(np.sum(probs * log_ratio, axis=1).mean()))


def _split_scores(log_probs: np.ndarray, splits: int) -> tuple[float, float]:
  if log_probs.ndim != 2 or not 1 <= splits <= len(log_probs):
    raise ValueError(f'need [N, C] predictions with 1 <= splits <= N, got shape {log_probs.shape} '
                     f'and splits {splits}')
  scores = [_score(part) for part in np.array_split(log_probs, splits)]
  return float(np.mean(scores)), float(np.std(scores))


def inception_score(probs: ArrayLike, splits: int = 10) -> tuple[float, float]:
  """Inception Score (Salimans et al. 2016, Sec. 4): exp(E_x KL(p(y|x) || p(y))).

  The N predictions are cut, in order, into `splits` contiguous parts of near-equal size; each part
  gets its own marginal p(y) and score, and the result is the mean and std over parts of exp(mean
  KL), not of the mean of per-example exp(KL) (Barratt & Sharma 2018). Logs are taken in
  float64; a zero probability gives log 0 = -inf and its term is skipped (p log p -> 0), which
  guards the log exactly where an added epsilon would shift the score.

  Args:
    probs: class probabilities p(y|x) [N, C], rows summing to 1.
    splits: number of parts, 1 <= splits <= N.

  Returns:
    (mean, std) over parts; each score lies in [1, C].
  """
  with np.errstate(divide='ignore'):
    log_probs = np.log(np.asarray(probs, np.float64))
  return _split_scores(log_probs, splits)


def inception_score_from_logits(logits: ArrayLike, splits: int = 10) -> tuple[float, float]:
  """`inception_score` of softmax(logits) [N, C], with log p(y|x) taken by a stable log-softmax."""
  return _split_scores(special.log_softmax(np.asarray(logits, np.float64), axis=1), splits)
