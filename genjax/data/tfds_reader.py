"""Prepared tensorflow-datasets image data sets, read into memory without TensorFlow.

Reading goes through TFDS's random-access data source (array_record files), which needs no
TensorFlow; preparing a catalog data set does (to encode images), so preparing is left to the user.
tensorflow_datasets is imported on first use: it is slow to import and only these sources need it.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from genjax.data import images
from genjax.data.dataset import Arrays, RawData
from genjax.errors import GenjaxError

if TYPE_CHECKING:
  import tensorflow_datasets as tfds


def data_dir() -> str:
  """The TFDS data folder: $TFDS_DATA_DIR, else TFDS's default ~/tensorflow_datasets."""
  return os.environ.get('TFDS_DATA_DIR') or os.path.expanduser('~/tensorflow_datasets')


def prepared_builder(name: str) -> tfds.core.DatasetBuilder | None:
  """The builder of `name` in `data_dir()` if it is known and prepared there, else None.

  A data set prepared by a builder whose code is not imported is still found, from its files.
  `tfds.data_source(name, download=False)` would fail on an unprepared catalog data set with a
  misleading file-format error, hence the explicit check.
  """
  import tensorflow_datasets as tfds  # pylint: disable=import-outside-toplevel
  try:
    builder = tfds.builder(name, data_dir=data_dir())
  except ValueError:  # tfds.core.DatasetNotFoundError, or a malformed name.
    return None
  return builder if builder.is_prepared() else None


def not_prepared_message(name: str) -> str:
  """How to make `name` readable, for an error message."""
  return (
      f"TFDS data set {name!r} is not prepared in {data_dir()} (set TFDS_DATA_DIR to change it); "
      f"prepare it with tfds.builder({name!r}).download_and_prepare(file_format='array_record', "
      "download_config=tfds.download.DownloadConfig(manual_dir=...)) from files you downloaded")


def _read_split(source: Sequence[dict[str, Any]], name: str, split: str, labelled: bool) -> Arrays:
  records = source.__getitems__(range(len(source)))
  if not records:
    raise GenjaxError(f'tfds:{name}: split {split!r} is empty')
  x = np.stack([np.asarray(r['image']) for r in records])
  y = np.asarray([r['label'] for r in records]) if labelled else None
  return Arrays(x, y)


def read(builder: tfds.core.DatasetBuilder) -> RawData:
  """Reads the 'train' and, if present, 'test' splits of an image data set into memory."""
  import tensorflow_datasets as tfds  # pylint: disable=import-outside-toplevel
  name = builder.name
  features = builder.info.features
  if 'image' not in features:
    raise GenjaxError(f'tfds:{name}: no "image" feature (features: {", ".join(features)})')
  if None in features['image'].shape:
    raise GenjaxError(
        f'tfds:{name}: images of varying size {features["image"].shape}; genjax needs one size')
  splits = set(builder.info.splits)
  if 'train' not in splits:
    raise GenjaxError(f'tfds:{name}: no "train" split (splits: {", ".join(sorted(splits))})')
  split_names = ['train', 'test'] if 'test' in splits else ['train']
  try:
    sources = builder.as_data_source(split=split_names)
  except NotImplementedError as e:
    raise GenjaxError(
        f"tfds:{name} in {builder.data_dir} is not in a random-access format: prepare it again "
        "with file_format='array_record'") from e
  labelled = 'label' in features
  train, *test = [
      _read_split(source, name, split, labelled) for source, split in zip(sources, split_names)]
  label = features['label'] if labelled else None
  return RawData(
      kind='image',
      train=train,
      test=test[0] if test else None,
      levels=images.dtype_levels(train.x),
      num_classes=label.num_classes if isinstance(label, tfds.features.ClassLabel) else None)
