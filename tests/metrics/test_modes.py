"""Tests for genjax.metrics.modes."""
import itertools
import math

import numpy as np
import pytest

from genjax.data.toy import MIXTURES
from genjax.data.toy import sample_mixture
from genjax.metrics.modes import stacked_mode_metrics
from genjax.metrics.modes import toy_mode_metrics

RING = MIXTURES['ring8']


def test_balanced_samples_at_every_mean():
  metrics = toy_mode_metrics(np.repeat(RING.means, 5, axis=0), *RING)
  assert metrics == {'modes': 8, 'high_quality': 100.0, 'reverse_kl': pytest.approx(0.0, abs=1e-12)}


def test_all_samples_at_one_mean():
  metrics = toy_mode_metrics(np.tile(RING.means[3], (40, 1)), *RING)
  assert metrics == {'modes': 1, 'high_quality': 100.0, 'reverse_kl': pytest.approx(math.log(8))}


def test_samples_far_from_every_mean_are_not_high_quality():
  metrics = toy_mode_metrics(np.zeros((10, 2)), *RING)
  assert metrics['modes'] == 0 and metrics['high_quality'] == 0.0
  assert math.isnan(metrics['reverse_kl'])


def test_only_high_quality_samples_enter_the_histogram():
  # Mean 0 at 2.9 sigma and mean 1 at 3.1 sigma: 50% HQ, and one mode.
  sigma = RING.sigma
  samples = np.stack([RING.means[0] + [2.9 * sigma, 0.0], RING.means[1] + [0.0, 3.1 * sigma]])
  metrics = toy_mode_metrics(samples, *RING)
  assert metrics == {'modes': 1, 'high_quality': 50.0, 'reverse_kl': pytest.approx(math.log(8))}


def test_samples_of_the_true_grid_mixture():
  grid = MIXTURES['grid25']
  metrics = toy_mode_metrics(sample_mixture(grid, 2500, seed=0).x, *grid)
  # P(chi^2_2 <= 9) = 1 - exp(-4.5): 98.9% within 3 sigma.
  assert metrics['modes'] == 25
  assert metrics['high_quality'] == pytest.approx(100 * (1 - math.exp(-4.5)), abs=1.0)
  assert 0.0 < metrics['reverse_kl'] < 0.02


def test_stacked_every_mode_once():
  labels = np.array(list(itertools.product(range(10), repeat=3)))
  assert stacked_mode_metrics(labels) == {'modes': 1000, 'kl': pytest.approx(0.0, abs=1e-12)}


def test_stacked_known_counts():
  # Channel order matters: (1, 2, 3) and (3, 2, 1) are two modes, hit 3 and 1 times.
  labels = np.array([[1, 2, 3], [3, 2, 1], [1, 2, 3], [1, 2, 3]])
  expected_kl = 0.75 * math.log(0.75 * 1000) + 0.25 * math.log(0.25 * 1000)
  assert stacked_mode_metrics(labels) == {'modes': 2, 'kl': pytest.approx(expected_kl)}
  one_mode = {'modes': 1, 'kl': pytest.approx(math.log(1000))}
  assert stacked_mode_metrics(np.zeros((26, 3), int)) == one_mode


@pytest.mark.parametrize('labels', [np.full((4, 3), 10), np.full((4, 3), -1), np.full((4, 3), 0.5)])
def test_stacked_rejects_labels_outside_the_digits(labels):
  with pytest.raises(ValueError, match='ints in 0..9'):
    stacked_mode_metrics(labels)
