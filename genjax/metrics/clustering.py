"""Unsupervised clustering accuracy: how well cluster ids, mapped to labels, predict the labels.

'one_to_one' (default): the best one-to-one map of clusters to labels, found by the Hungarian
algorithm on the cluster-label contingency table (the accuracy reported by DEC, Xie et al. 2016);
with more clusters than labels, clusters left unmatched count as wrong. 'majority': each cluster
maps to its most frequent label, so several clusters may share one: the usual score when there
are more clusters than classes (e.g. a VampPrior's pseudo-inputs).
"""
import numpy as np
from scipy.optimize import linear_sum_assignment

MAPPINGS = ('one_to_one', 'majority')


def contingency_table(clusters: np.ndarray, labels: np.ndarray) -> np.ndarray:
  """counts[c, l]: examples in cluster c with label l, [max cluster + 1, max label + 1]."""
  clusters, labels = np.asarray(clusters), np.asarray(labels)
  if clusters.shape != labels.shape or clusters.ndim != 1 or not clusters.size:
    raise ValueError(
        f'Expected equal non-empty 1-D clusters and labels, got {clusters.shape} and {labels.shape}.')
  if clusters.min() < 0 or labels.min() < 0:
    raise ValueError('Expected non-negative cluster ids and labels.')
  counts = np.zeros((clusters.max() + 1, labels.max() + 1), np.int64)
  np.add.at(counts, (clusters, labels), 1)
  return counts


def clustering_accuracy(clusters: np.ndarray, labels: np.ndarray, mapping: str = 'one_to_one') -> float:
  """Fraction of examples whose cluster maps to their label, under `mapping` (see the module doc).

  Args:
    clusters: cluster ids, [N] non-negative ints.
    labels: true labels, [N] non-negative ints.
    mapping: 'one_to_one' or 'majority'.
  """
  counts = contingency_table(clusters, labels)
  if mapping == 'one_to_one':
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return float(counts[rows, cols].sum() / counts.sum())
  if mapping == 'majority':
    return float(counts.max(axis=1).sum() / counts.sum())
  raise ValueError(f'Unknown mapping {mapping!r}; expected one of {MAPPINGS}.')
