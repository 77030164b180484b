"""One split of a data set, chunk by chunk: how `genjax stats` reads its examples.

For now the split is loaded whole with `load_dataset` and sliced; a streaming reader can stand behind
`example_chunks` without a change to its callers, which hold one chunk at a time.
"""
from collections.abc import Iterator
from typing import NamedTuple

import ml_collections
import numpy as np

from genjax.data.sources import load_dataset
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, check_choice

SPLITS = ('train', 'test')


class SplitChunks(NamedTuple):
  """What the examples are and how many (known before the first is read), and the examples."""
  spec: DataSpec
  num_examples: int
  chunks: Iterator[np.ndarray]


def example_chunks(data_cfg: ml_collections.ConfigDict, split: str, chunk_size: int) -> SplitChunks:
  """The examples of `split` ('train' or 'test', the held-out split `genjax eval` compares with),
  preprocessed as `data_cfg` says, in their order, `chunk_size` at a time (the last may be shorter)."""
  check_choice('--split', split, SPLITS)
  if chunk_size < 1:
    raise GenjaxError(f'chunk_size must be at least 1, got {chunk_size}')
  dataset = load_dataset(data_cfg)
  examples = dataset.train_x if split == 'train' else dataset.test_x
  chunks = (examples[start:start + chunk_size] for start in range(0, len(examples), chunk_size))
  return SplitChunks(DataSpec.of(dataset), len(examples), chunks)
