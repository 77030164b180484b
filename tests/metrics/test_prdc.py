"""Tests for genjax.metrics.prdc."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial import distance

from genjax.metrics.prdc import _kth_smallest, density_coverage, prdc
from genjax.metrics.prdc import precision_recall


def _reference(real: np.ndarray, fake: np.ndarray, k: int) -> tuple[float, float, float, float]:
  """Precision, recall, density and coverage from full float64 distance matrices."""
  real_radii = np.sort(distance.cdist(real, real), axis=1)[:, k]
  fake_radii = np.sort(distance.cdist(fake, fake), axis=1)[:, k]
  cross = distance.cdist(real, fake)  # [N, M]
  in_real_balls = cross <= real_radii[:, None]
  return (in_real_balls.any(axis=0).mean(), (cross <= fake_radii[None, :]).any(axis=1).mean(),
          in_real_balls.sum() / (k * len(fake)), in_real_balls.any(axis=1).mean())


@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.float32, (3, 9), elements=st.sampled_from([0.0, 0.5, 1.0, 2.5])), st.integers(0, 8))
def test_kth_smallest_counts_ties_as_a_sort_does(values, kth):
  np.testing.assert_array_equal(_kth_smallest(values, (kth, 8))[0], np.sort(values, axis=1)[:, kth])


def test_hand_made_example():
  # On a line, k = 1. Real balls: 0 +- 1, 1 +- 1, 3 +- 2, 10 +- 7; fake balls: 0.5 +- 2,
  # 2.5 +- 2, 6 +- 0.5, 6.5 +- 0.5. Every fake lies in a real ball; real 10 lies in no fake ball;
  # the fakes lie in 2, 1, 1 and 1 real balls; every real ball holds a fake.
  real = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [10.0, 0.0]])
  fake = np.array([[0.5, 0.0], [2.5, 0.0], [6.0, 0.0], [6.5, 0.0]])
  assert precision_recall(real, fake, k=1) == (1.0, 0.75)
  assert density_coverage(real, fake, k=1) == pytest.approx((5 / 4, 1.0))


def _real_and_fake(seed: int, shift: float) -> tuple[np.ndarray, np.ndarray]:
  """200 real and 150 fake points in 8-D: one shape for most tests, so they share compilations."""
  rng = np.random.default_rng(seed)
  return rng.normal(size=(200, 8)), rng.normal(shift, 1.2, size=(150, 8))


def test_matches_a_direct_implementation():
  real, fake = _real_and_fake(0, 0.2)
  precision, recall = precision_recall(real, fake, k=3)
  density, coverage = density_coverage(real, fake, k=5)
  np.testing.assert_allclose((precision, recall), _reference(real, fake, 3)[:2], rtol=1e-6)
  np.testing.assert_allclose((density, coverage), _reference(real, fake, 5)[2:], rtol=1e-6)
  assert prdc(real, fake) == {'precision': precision, 'recall': recall, 'density': density, 'coverage': coverage}


def test_chunk_size_does_not_change_the_result():
  real, fake = _real_and_fake(1, 0.2)
  results = {(precision_recall(real, fake, chunk_size=chunk),
              density_coverage(real, fake, chunk_size=chunk)) for chunk in (7, 1024)}
  assert len(results) == 1


def test_far_apart_sets_score_zero():
  real, fake = _real_and_fake(2, 100.0)
  assert precision_recall(real, fake) == (0.0, 0.0)
  assert density_coverage(real, fake) == (0.0, 0.0)


def test_identical_sets():
  points = np.random.default_rng(3).normal(size=(300, 16))
  assert precision_recall(points, points, k=3) == (1.0, 1.0)
  density, coverage = density_coverage(points, points, k=5)
  # Each point lies in its own ball and in the k balls of the points it is a neighbour of.
  assert coverage == 1.0 and density == pytest.approx(1.0 + 1 / 5)


def test_independent_samples_of_one_distribution():
  rng = np.random.default_rng(4)
  real, fake = rng.normal(size=(2000, 2)), rng.normal(size=(2000, 2))
  density, coverage = density_coverage(real, fake, k=5)
  # Naeem et al. 2020: E[density] = 1 and E[coverage] = 1 - 2^-k for equal set sizes.
  assert density == pytest.approx(1.0, abs=0.05)
  assert coverage == pytest.approx(1 - 2**-5, abs=0.02)


def test_k_must_leave_a_neighbour():
  with pytest.raises(ValueError, match='k 5 must be in'):
    precision_recall(np.zeros((10, 2)), np.zeros((5, 2)), k=5)
