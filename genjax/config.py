"""Experiment configs: the common keys every config shares, loading a config file, overrides.

A config file is a Python module with `get_config() -> ml_collections.ConfigDict`, built on
`base_config()` so that the common keys are the same everywhere.
"""
import ast
import importlib.util
import pathlib

import ml_collections

from genjax.errors import GenjaxError


def base_config() -> ml_collections.ConfigDict:
  """The keys every experiment has; a config file fills in `method`, `model` and `optim`."""
  return ml_collections.ConfigDict({
      'method': '',
      'seed': 0,
      'steps': 1000,
      'batch_size': 64,
      'log_every': 100,
      'checkpoint_every': 1000,
      'sample_every': 1000,
      'keep_checkpoints': 3,
      'num_grid_samples': 64,
      'data': {
          'source': '',
          # Images: 'unit' scales pixels to [0, 1], 'signed' to [-1, 1]. Ignored for points.
          'range': 'unit',
          # Per batch, with the step's key: x ~ Bernoulli(x) (needs range 'unit').
          'binarize': False,
          # Per batch: uniform noise of one quantization level (Theis et al. 2016).
          'dequantize': False,
          # Images: resize to side x side (0 keeps the size), then zero-pad to pad_to (0: none).
          'resize': 0,
          'pad_to': 0,
          # Fraction of a source without its own test split held out, deterministically.
          'test_fraction': 0.1,
          # Points drawn for a toy source's training set.
          'toy_size': 100_000,
      },
      'model': {},
      'optim': {},
  })
