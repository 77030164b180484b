"""Stacked digits: each channel is a real digit of the base set, and the label spells the three."""
import numpy as np

from genjax.data import load_dataset
from genjax.data.stacked import channel_labels


def test_each_channel_is_a_base_digit_with_the_labelled_class(data_cfg):
  base = load_dataset(data_cfg(source='digits'))
  stacked = load_dataset(data_cfg(source='stacked:digits'))
  assert stacked.shape == (8, 8, 3) and stacked.num_classes == 1000
  assert len(stacked.train_x) == len(base.train_x) and len(stacked.test_x) == len(base.test_x)
  pool = np.concatenate([base.train_x, base.test_x])[..., 0].reshape(-1, 64)
  pool_labels = np.concatenate([base.train_y, base.test_y])
  digits = channel_labels(stacked.train_y[:50])
  for image, labels in zip(stacked.train_x[:50], digits):
    for channel in range(3):
      matches = np.flatnonzero((pool == image[..., channel].reshape(64)).all(axis=1))
      assert matches.size and labels[channel] in pool_labels[matches]
  assert len(np.unique(stacked.train_y)) > 500  # Channels drawn independently: many of the 1,000 modes.


def test_channel_labels_round_trip():
  labels = np.array([0, 7, 42, 999, 305])
  np.testing.assert_array_equal(channel_labels(labels), [[0, 0, 0], [0, 0, 7], [0, 4, 2], [9, 9, 9], [3, 0, 5]])
