"""Tests for genjax.metrics.inception_score."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from genjax.errors import GenjaxError
from genjax.metrics.inception_score import inception_score
from genjax.metrics.inception_score import inception_score_from_logits
from genjax.metrics.inception_score import split_starts


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


# Split boundaries when N is not a multiple of the splits.


@pytest.mark.parametrize('num, splits', [(23, 5), (10, 3), (1003, 10), (7, 7), (40, 4)])
def test_numpy_boundaries_are_array_splits(num, splits):
  sizes = [len(part) for part in np.array_split(np.arange(num), splits)]
  assert split_starts(num, splits, 'numpy') == [0, *np.cumsum(sizes).tolist()]


def _direct_score(probs: np.ndarray) -> float:
  """exp(mean_x KL(p(y|x) || p(y))) of one part, written out (no zero probabilities here)."""
  marginal = probs.mean(axis=0)
  return float(np.exp(np.mean(np.sum(probs * (np.log(probs) - np.log(marginal)), axis=1))))


@pytest.mark.parametrize('boundaries, starts', [
    ('numpy', [0, 5, 10, 15, 19, 23]),           # np.array_split: sizes 5, 5, 5, 4, 4
    ('torch_fidelity', [0, 4, 9, 13, 18, 23]),   # i * 23 // 5: sizes 4, 5, 4, 5, 5
])
def test_each_boundary_convention_scores_the_parts_it_claims(boundaries, starts):
  probs = special.softmax(np.random.default_rng(5).normal(size=(23, 6)) * 2, axis=1)
  assert split_starts(23, 5, boundaries) == starts
  scores = [_direct_score(probs[a:b]) for a, b in zip(starts[:-1], starts[1:])]
  mean, std = inception_score(probs, splits=5, split_boundaries=boundaries)
  assert mean == pytest.approx(np.mean(scores), rel=1e-12) and std == pytest.approx(np.std(scores), rel=1e-10)
  logits_mean, _ = inception_score_from_logits(np.log(probs), splits=5, split_boundaries=boundaries)
  assert logits_mean == pytest.approx(mean, rel=1e-12)


def test_the_conventions_differ_only_when_splits_do_not_divide_n():
  probs = special.softmax(np.random.default_rng(6).normal(size=(40, 6)) * 2, axis=1)
  assert inception_score(probs, 4, 'numpy') == inception_score(probs, 4, 'torch_fidelity')
  assert inception_score(probs[:39], 4, 'numpy')[0] != inception_score(probs[:39], 4, 'torch_fidelity')[0]


def test_an_unknown_convention_is_refused_by_name():
  with pytest.raises(GenjaxError, match="split_boundaries 'tf' is not one of numpy, torch_fidelity"):
    inception_score(_one_hot([0, 1, 2], 3), splits=1, split_boundaries='tf')
