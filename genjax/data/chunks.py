"""One split of a data set, chunk by chunk: how `genjax stats` reads its examples.

A set read on access (TFDS, image folders, prepared records) is read a chunk at a time, as the
streaming pipeline reads it, so its size is not bounded by memory; the others are loaded whole and
sliced.
"""
from collections.abc import Iterator
from typing import NamedTuple

import ml_collections
import numpy as np

from genjax.data.sources import load_dataset, open_image_set, reads_on_access
from genjax.data.spec import DataSpec
from genjax.data.stream import StreamedDataset, read_examples
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
  if reads_on_access(data_cfg):
    streamed = StreamedDataset.open(open_image_set(data_cfg), data_cfg)
    examples = streamed.train if split == 'train' else streamed.test
    read = lambda start: streamed.decode(
        read_examples(examples, range(start, min(start + chunk_size, len(examples))), streamed.geometry, False)['x'])
    return SplitChunks(DataSpec.of(streamed), len(examples), map(read, range(0, len(examples), chunk_size)))
  dataset = load_dataset(data_cfg)
  examples = dataset.train_x if split == 'train' else dataset.test_x
  chunks = (examples[start:start + chunk_size] for start in range(0, len(examples), chunk_size))
  return SplitChunks(DataSpec.of(dataset), len(examples), chunks)
