"""The deterministic train/test split of sources without their own test set."""
import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from genjax.data.dataset import Arrays
from genjax.data.preprocess import split
from genjax.errors import GenjaxError


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 500), st.floats(0.01, 0.99))
def test_split_partitions_the_examples_in_order(n, fraction):
  n_test = round(n * fraction)
  assume(0 < n_test < n)
  train, test = split(Arrays(np.arange(n), np.arange(n) % 7), fraction, 'test')
  assert len(test.x) == n_test and len(train.x) == n - n_test
  assert sorted(np.concatenate([train.x, test.x])) == list(range(n))
  assert np.all(np.diff(train.x) > 0) and np.all(np.diff(test.x) > 0)
  np.testing.assert_array_equal(train.y, train.x % 7)


def test_split_is_fixed_and_shuffled():
  (_, first), (_, second) = (split(Arrays(np.arange(1000)), 0.1, 'test') for _ in range(2))
  np.testing.assert_array_equal(first.x, second.x)
  assert first.x.max() > 900 and first.x.min() < 100


def test_split_with_too_few_examples_names_the_source():
  with pytest.raises(GenjaxError, match='tiny: cannot hold out'):
    split(Arrays(np.arange(3)), 0.1, 'tiny')
