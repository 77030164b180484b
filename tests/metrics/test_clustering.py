"""Clustering accuracy on hand-made clusterings."""
import numpy as np
import pytest

from genjax.metrics.clustering import clustering_accuracy, contingency_table, majority_labels, most_confident_labels


@pytest.mark.parametrize('mapping', ['one_to_one', 'majority'])
def test_permuted_labels_score_one(mapping):
  labels = np.random.default_rng(0).integers(0, 10, size=500)
  clusters = np.random.default_rng(1).permutation(10)[labels]
  assert clustering_accuracy(clusters, labels, mapping) == 1.0


def test_hand_example():
  clusters = np.array([0, 0, 1, 1, 2, 2])
  labels = np.array([0, 0, 0, 1, 1, 1])
  np.testing.assert_array_equal(contingency_table(clusters, labels), [[2, 0], [1, 1], [0, 2]])
  # One to one: cluster 0 -> 0 and cluster 2 -> 1; cluster 1 has no label left.
  assert clustering_accuracy(clusters, labels) == pytest.approx(4 / 6)
  # Majority: cluster 1 takes label 0 (its first most frequent) as well.
  assert clustering_accuracy(clusters, labels, 'majority') == pytest.approx(5 / 6)


def test_one_to_one_beats_the_naive_map():
  """Identity would score 0; the best one-to-one map swaps the ids."""
  assert clustering_accuracy(np.array([1, 1, 0]), np.array([0, 0, 1])) == 1.0


@pytest.mark.parametrize('clusters, labels, mapping, message', [
    ([0, 1], [0], 'one_to_one', 'equal non-empty'),
    ([0, -1], [0, 1], 'one_to_one', 'non-negative'),
    ([0, 1], [0, 1], 'greedy', 'Unknown mapping'),
])
def test_bad_input(clusters, labels, mapping, message):
  with pytest.raises(ValueError, match=message):
    clustering_accuracy(np.array(clusters), np.array(labels), mapping)


def test_each_cluster_takes_the_label_of_its_most_confident_example():
  """Makhzani et al. 2016, Sec. 6: one labelled example per cluster, not its majority."""
  probs = np.array([[0.6, 0.4, 0.0], [0.9, 0.1, 0.0], [0.7, 0.3, 0.0], [0.1, 0.2, 0.7]])
  labels = np.array([3, 5, 3, 1])
  # Cluster 0's majority is 3, but its most confident example (row 1) is a 5; cluster 1's is row 0.
  np.testing.assert_array_equal(most_confident_labels(probs, labels), [5, 3, 1])
  with pytest.raises(ValueError, match='Expected probs'):
    most_confident_labels(probs, labels[:3])


def test_majority_labels_fitted_on_one_set_score_another():
  clusters, labels = np.array([0, 0, 0, 2, 2]), np.array([4, 4, 1, 7, 7])
  cluster_labels = majority_labels(clusters, labels, 4)
  np.testing.assert_array_equal(cluster_labels, [4, -1, 7, -1])  # Clusters 1 and 3 hold no example.
  assert np.mean(cluster_labels[np.array([0, 1, 2])] == np.array([4, 0, 1])) == pytest.approx(1 / 3)
  with pytest.raises(ValueError, match='non-negative'):
    majority_labels(np.array([0, -1]), np.array([0, 1]), 2)
