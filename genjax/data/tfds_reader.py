"""Prepared tensorflow-datasets image sets, 'tfds:NAME[:SPLIT]', read at random without TensorFlow.

Reading goes through TFDS's random-access data source over array_record files: no TensorFlow, and
`tfds.features.Image` decodes through PIL. Preparing a catalog set needs TensorFlow once (TFDS
encodes and writes with it), so preparing is left to the user; TFDS prepares TFRecord files unless
asked for array_record, and those are refused with the command that prepares them again.
tensorflow_datasets is imported on first use: it is slow to import and only these sources need it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from genjax.data.example_source import Example, ImageSet
from genjax.errors import GenjaxError

if TYPE_CHECKING:
  import tensorflow_datasets as tfds

# Held out when the training split is another: the first of these that the set has.
TEST_SPLITS = ('test', 'validation')
# The DownloadConfig argument that prepares a set again over its TFRecord files.
_REPLACE = "download_mode='force_redownload'"
_LEVELS = {np.dtype(np.uint8): 256, np.dtype(np.float32): 0}


def data_dir() -> str:
  """The TFDS data folder: $TFDS_DATA_DIR, else TFDS's default ~/tensorflow_datasets."""
  return os.environ.get('TFDS_DATA_DIR') or os.path.expanduser('~/tensorflow_datasets')


def prepared_builder(name: str) -> tfds.core.DatasetBuilder | None:
  """The builder of `name` in `data_dir()` if it is known and prepared there, else None.

  A data set prepared by a builder whose code is not imported is still found, from its files.
  """
  import tensorflow_datasets as tfds  # pylint: disable=import-outside-toplevel
  # TFDS logs a warning about the version folder of a set not prepared there (one that does not exist):
  # the caller says what is missing, on one line.
  with _absl_warnings_muted():
    try:
      builder = tfds.builder(name, data_dir=data_dir())
    except ValueError:  # tfds.core.DatasetNotFoundError, or a malformed name.
      return None
    return builder if builder.is_prepared() else None


@contextlib.contextmanager
def _absl_warnings_muted():
  """absl's records below ERROR (TFDS logs through absl) are dropped while the block runs."""
  absl = logging.getLogger('absl')
  level = absl.level
  absl.setLevel(logging.ERROR)
  try:
    yield
  finally:
    absl.setLevel(level)


def _prepare_command(name: str, download_config: str) -> str:
  return (f"tfds.builder({name!r}, data_dir={data_dir()!r}).download_and_prepare(file_format='array_record', "
          f"download_config=tfds.download.DownloadConfig({download_config}))")


def not_prepared_message(name: str) -> str:
  """How to make `name` readable, for an error message."""
  return (f"TFDS data set {name!r} is not prepared in {data_dir()} (set TFDS_DATA_DIR to change it); "
          f"prepare it once with {_prepare_command(name, 'manual_dir=...')} from files you downloaded "
          '(preparing needs TensorFlow once; reading does not)')


def tfrecord_message(name: str) -> str:
  """Why a set prepared as TFRecord only cannot be read, and how to prepare it again."""
  return (f'tfds:{name} in {data_dir()} is prepared as TFRecord, which cannot be read at random; prepare it '
          f"again as array_record with {_prepare_command(name, _REPLACE)} "
          '(preparing needs TensorFlow once; reading does not)')


@dataclasses.dataclass(frozen=True, eq=False)
class TfdsSource:
  """A split of TFDS's data source, its examples cut to 'image' [H, W, C] and, when `labelled`, 'label'."""
  source: Any  # TFDS's ArrayRecordDataSource
  labelled: bool

  def __len__(self) -> int:
    return len(self.source)

  def __getitem__(self, index: int) -> Example:
    return self._example(self.source[index])

  def __getitems__(self, indices: Sequence[int]) -> list[Example]:
    return [self._example(record) for record in self.source.__getitems__(indices)]

  def _example(self, record: dict) -> Example:
    image = np.asarray(record['image'])
    example = {'image': image[..., None] if image.ndim == 2 else image}
    if self.labelled:
      example['label'] = int(record['label'])
    return example


def _splits(name: str, wanted: str, builder: tfds.core.DatasetBuilder) -> list[str]:
  """The training split `wanted` ('' for 'train') and the set's first `TEST_SPLITS` split not in it."""
  splits = sorted(builder.info.splits)
  train = wanted or 'train'
  if not wanted and 'train' not in splits:
    raise GenjaxError(f'tfds:{name}: no "train" split; name one as tfds:{name}:SPLIT or data.split '
                      f'(splits: {", ".join(splits)})')
  used = {part.split('[')[0].strip() for part in train.split('+')}
  return [train, *[split for split in TEST_SPLITS if split in splits and split not in used][:1]]


def open_tfds(argument: str, data_split: str) -> ImageSet:
  """'NAME[:SPLIT]', prepared as array_record in `data_dir()`, as an `ImageSet`; SPLIT (or
  `data_split`, the data.split key) is the training split, 'train' by default (any TFDS split string:
  'train[:80%]', 'train+validation')."""
  import tensorflow_datasets as tfds  # pylint: disable=import-outside-toplevel
  name, _, split = argument.partition(':')
  if split and data_split and split != data_split:
    raise GenjaxError(f'tfds:{argument} names split {split!r} but data.split is {data_split!r}; set one')
  builder = prepared_builder(name)
  if builder is None:
    raise GenjaxError(f'tfds:{name}: {not_prepared_message(name)}')
  features = builder.info.features
  if 'image' not in features:
    raise GenjaxError(f'tfds:{name}: no "image" feature (features: {", ".join(features)})')
  label = features['label'] if 'label' in features else None
  if label is not None and not isinstance(label, tfds.features.ClassLabel):
    raise GenjaxError(f'tfds:{name}: its "label" feature is a {type(label).__name__}, not a ClassLabel')
  image = features['image']
  if len(image.shape) not in (2, 3):
    raise GenjaxError(f'tfds:{name}: images of shape {image.shape}, expected [H, W] or [H, W, C]')
  dtype = np.dtype(image.np_dtype)
  if dtype not in _LEVELS:
    raise GenjaxError(f'tfds:{name}: images of dtype {dtype}; genjax reads uint8 or float32 images')
  random_access = tfds.core.file_adapters.FileFormat.with_random_access()
  if not builder.info.available_file_formats() & random_access:
    raise GenjaxError(tfrecord_message(name))
  split_names = _splits(name, split or data_split, builder)
  try:
    sources = builder.as_data_source(split=split_names)
  except ValueError as e:  # An unknown split or a malformed split string.
    raise GenjaxError(f'tfds:{name}: {str(e).splitlines()[0]}') from e
  train, *test = [TfdsSource(source, labelled=label is not None) for source in sources]
  shape = tuple(image.shape) if len(image.shape) == 3 else (*image.shape, 1)
  return ImageSet(name=f'tfds:{argument}', train=train, test=test[0] if test else None, shape=shape,
                  num_classes=label.num_classes if label is not None else 0, levels=_LEVELS[dtype])
