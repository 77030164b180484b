"""Tests for genjax.metrics.inception_score."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from genjax.metrics.inception_score import inception_score
from genjax.metrics.inception_score import inception_score_from_logits


def _one_hot(labels: list[int], num_classes: int) -> np.ndarray:
  return np.eye(num_classes)[labels]


def test_constant_predictions_score_one():
  probs = np.tile(special.softmax(np.arange(5.0)), (40, 1))
  mean, std = inception_score(probs, splits=4)
  assert mean == pytest.approx(1.0, abs=1e-12) and std == pytest.approx(0.0, abs=1e-12)


def test_confident_balanced_predictions_score_the_number_of_classes():
  mean, std = inception_score(_one_hot(list(range(10)) * 20, 10), splits=20)
  assert mean == pytest.approx(10.0, rel=1e-12) and std == pytest.approx(0.0, abs=1e-12)


def test_exp_of_mean_kl_not_mean_of_exps():
  # One-hot labels 0, 0, 1: KL_x = log(1 / p(y_x)), so the score is exp(H(p(y))) = 6.75^(1/3)
  # (1.89), where the mean of exp(KL_x) would be (1.5 + 1.5 + 3) / 3 = 2.
  mean, _ = inception_score(_one_hot([0, 0, 1], 3), splits=1)
  assert mean == pytest.approx(6.75 ** (1 / 3), rel=1e-12)


def test_each_split_has_its_own_marginal():
  # Contiguous splits: two classes, then four classes, balanced: scores 2 and 4.
  probs = _one_hot([0, 1, 0, 1, 0, 1, 0, 1] + [0, 1, 2, 3, 0, 1, 2, 3], 4)
  assert inception_score(probs, splits=2) == pytest.approx((3.0, 1.0), rel=1e-12)
  # One split: p(y) = (3, 3, 1, 1) / 8 and the score is exp(H(p(y))).
  assert inception_score(probs, splits=1)[0] == pytest.approx((8 / 3) ** (3 / 4) * 8 ** (1 / 4))


def test_uneven_splits_use_every_example():
  # 7 examples in 2 splits of 4 and 3: the last example counts.
  probs = _one_hot([0, 0, 0, 0, 0, 0, 1], 2)
  mean, _ = inception_score(probs, splits=2)
  assert mean == pytest.approx((1.0 + 1.5 ** (2 / 3) * 3.0 ** (1 / 3)) / 2, rel=1e-12)


def test_order_within_a_split_does_not_matter():
  rng = np.random.default_rng(0)
  probs = special.softmax(rng.normal(size=(60, 7)) * 3, axis=1)
  shuffled = np.concatenate([rng.permutation(part) for part in np.split(probs, 3)])
  np.testing.assert_allclose(inception_score(shuffled, splits=3), inception_score(probs, splits=3),
                             rtol=1e-12)


def test_logits_match_probabilities_and_stay_finite_when_huge():
  rng = np.random.default_rng(1)
  logits = rng.normal(size=(50, 6)) * 4
  np.testing.assert_allclose(inception_score_from_logits(logits, splits=5),
                             inception_score(special.softmax(logits, axis=1), splits=5), rtol=1e-10)
  confident = 1e4 * _one_hot(list(range(6)) * 5, 6)
  assert inception_score_from_logits(confident, splits=1) == pytest.approx((6.0, 0.0), rel=1e-12)


def test_more_splits_than_examples_raises():
  with pytest.raises(ValueError, match='splits 5'):
    inception_score(_one_hot([0, 1, 2], 3), splits=5)


@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.float64, (12, 5), elements=st.floats(-30, 30)), st.integers(1, 4))
def test_between_one_and_the_number_of_classes(logits, splits):
  mean, std = inception_score_from_logits(logits, splits=splits)
  assert 1.0 - 1e-9 <= mean <= 5.0 + 1e-9 and std >= 0.0
