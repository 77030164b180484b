"""Unsupervised clustering accuracy: how well cluster ids, mapped to labels, predict the labels.

'one_to_one' (default): the best one-to-one map of clusters to labels, found by the Hungarian
algorithm on the cluster-label contingency table (the accuracy reported by DEC, Xie et al. 2016);
with more clusters than labels, clusters left unmatched count as wrong. 'majority': each cluster
maps to its most frequent label, so several clusters may share one: the usual score when there
are more clusters than classes (e.g. a VampPrior's pseudo-inputs, the AAE's 16 clusters).
Scored on the examples it is fitted on, the majority map flatters many clusters and few examples
(16 random clusters of 180 examples of 10 balanced classes score about 25%); `majority_labels` fits
it on one set (the training examples) to score another (the held-out ones). `most_confident_labels`
labels each cluster from one labelled example only, as the adversarial autoencoder's clustering is
scored (Makhzani et al. 2016, Sec. 6).
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


def majority_labels(clusters: np.ndarray, labels: np.ndarray, num_clusters: int) -> np.ndarray:
  """The most frequent label of each of `num_clusters` clusters among labelled examples, [num_clusters];
  -1 for a cluster none of them is in. Score other examples by it, the 'majority' map fitted apart:

    cluster_labels = majority_labels(train_clusters, train_labels, 16)
    accuracy = np.mean(cluster_labels[test_clusters] == test_labels)
  """
  counts = contingency_table(np.append(clusters, num_clusters - 1), np.append(labels, 0))
  counts[num_clusters - 1, 0] -= 1  # The example appended to size the table.
  return np.where(counts.sum(axis=1) > 0, counts.argmax(axis=1), -1)


def most_confident_labels(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
  """The label of each cluster k: that of the example most confidently in it, argmax_n probs[n, k].
  The scoring of Makhzani et al. 2016, Sec. 6 (unsupervised clustering with an adversarial
  autoencoder): each cluster takes the label of the validation example with the largest q(y_i | x),
  and the test examples are scored by their clusters' labels (test error 9.55% with 16 clusters on
  MNIST, 4.10% with 30).

    cluster_labels = most_confident_labels(validation_probs, validation_labels)
    accuracy = np.mean(cluster_labels[test_clusters] == test_labels)

  Args:
    probs: cluster probabilities of labelled examples, [N, K].
    labels: their labels, [N].
  Returns:
    [K] the label each cluster stands for.
  """
  probs, labels = np.asarray(probs), np.asarray(labels)
  if probs.ndim != 2 or labels.shape != probs.shape[:1] or not labels.size:
    raise ValueError(f'Expected probs [N, K] and labels [N], N > 0, got {probs.shape} and {labels.shape}.')
  return labels[np.argmax(probs, axis=0)]
