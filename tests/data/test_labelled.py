"""The labelled subset of semi-supervised training: chosen from the training set, drawn in batches."""
import jax
import numpy as np
import pytest

from genjax.core.rng import streams
from genjax.data import batch_transform, load_dataset
from genjax.data.labelled import labelled_examples, labelled_subset
from genjax.errors import GenjaxError


def test_labelled_subset_is_deterministic_balanced_and_of_the_configured_size():
  labels = np.random.default_rng(0).integers(0, 10, 5000)
  chosen = labelled_subset(labels, 100, 10, seed=0)
  assert len(chosen) == 100 and np.array_equal(chosen, np.unique(chosen))
  assert np.array_equal(np.bincount(labels[chosen], minlength=10), np.full(10, 10))
  assert np.array_equal(chosen, labelled_subset(labels, 100, 10, seed=0))
  assert not np.array_equal(chosen, labelled_subset(labels, 100, 10, seed=1))
  with pytest.raises(GenjaxError, match='multiple'):
    labelled_subset(labels, 105, 10, seed=0)
  with pytest.raises(GenjaxError, match='class 9'):
    labelled_subset(np.minimum(labels, 8), 100, 10, seed=0)


def test_labelled_examples_are_the_subset_of_the_training_set(data_cfg):
  data = data_cfg(source='digits')
  dataset = load_dataset(data)
  pool = labelled_examples(dataset, data, 50, seed=0)
  chosen = labelled_subset(dataset.train_y, 50, 10, seed=0)
  assert np.array_equal(pool.x, dataset.train_x[chosen])
  assert np.array_equal(pool.y, dataset.train_y[chosen])
  assert pool.x.shape == (50, 8, 8, 1) and np.array_equal(np.bincount(pool.y), np.full(10, 5))


def test_a_drawn_batch_is_transformed_as_the_trainer_transforms_its_batches(data_cfg):
  data = data_cfg(source='digits', binarize=True)
  dataset = load_dataset(data)
  pool = labelled_examples(dataset, data, 50, seed=0)
  x, y = jax.jit(pool.draw, static_argnums=1)(jax.random.key(0), 16)
  pick_key, transform_key = streams(jax.random.key(0), 'pick', 'transform')
  chosen = jax.random.randint(pick_key, (16,), 0, 50)
  np.testing.assert_array_equal(y, pool.y[chosen])
  np.testing.assert_array_equal(x, batch_transform(pool.x[chosen], transform_key, data, dataset.levels,
                                                   dataset.value_range))
  assert set(np.unique(x).tolist()) <= {0.0, 1.0}
