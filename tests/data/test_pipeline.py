"""Batch indices as a pure function of (seed, step); several batches a step come stacked."""
import numpy as np
import pytest

from genjax.data.pipeline import EpochShuffle
from genjax.errors import GenjaxError


def test_an_epoch_is_a_seeded_permutation_in_steps_of_one_batch():
  shuffle = EpochShuffle(100, 16, seed=3)
  assert shuffle.steps_per_epoch == 6 and shuffle.position(13) == (2, 1)
  epoch = np.concatenate([shuffle.indices(step) for step in range(6)])
  assert epoch.dtype == np.int32 and len(np.unique(epoch)) == 96
  np.testing.assert_array_equal(epoch, np.random.default_rng([3, 0]).permutation(100)[:96])
  np.testing.assert_array_equal(EpochShuffle(100, 16, seed=3).indices(13), shuffle.indices(13))


def test_several_batches_a_step_are_the_same_examples_stacked():
  """n batches of B a step take the examples that one batch of n·B would, in the same order."""
  stacked, flat = EpochShuffle(100, 16, seed=3, batches=3), EpochShuffle(100, 48, seed=3)
  assert stacked.steps_per_epoch == flat.steps_per_epoch == 2
  for step in range(5):
    assert stacked.indices(step).shape == (3, 16)
    np.testing.assert_array_equal(stacked.indices(step).reshape(-1), flat.indices(step))


@pytest.mark.parametrize('batches, message', [(1, 'batch_size 64 is larger'),
                                              (2, 'batch_size 40 x 2 batches a step is larger')])
def test_a_step_larger_than_the_data_is_refused(batches, message):
  with pytest.raises(GenjaxError, match=f'{message} than the 60 training examples'):
    EpochShuffle(60, 64 if batches == 1 else 40, seed=0, batches=batches)
