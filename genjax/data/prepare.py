"""`genjax prepare`: an image source converted once into a records folder (`records`), read back as
'records:DIR'.

Examples stream from the source's `ImageSet` a chunk at a time, each through the data config's
`Geometry`, into array_record shards: a folder or TFDS set is never held whole (an in-memory source,
npz or IDX, is read whole by its reader). The folder is written under a temporary name and renamed
when complete, so an interrupted prepare leaves no half set that looks valid. A source without a test
split of its own is stored as one 'train' split: reading holds out the same `data.test_fraction` of
it as reading the source itself does.
"""
import dataclasses
import pathlib
from collections.abc import Sequence

import ml_collections
import tqdm

from genjax.config import data_config
from genjax.core.files import atomic_folder, check_target, write_json_atomic
from genjax.data import records
from genjax.data.example_source import ImageSet, fitted_examples
from genjax.data.geometry import Geometry
from genjax.data.sources import open_image_set
from genjax.errors import GenjaxError

# The data keys that change what is stored; the others apply when the records are read.
PREPARE_KEYS = ('split', 'center_crop', 'resize', 'pad_to')


def prepare_config(source: str, overrides: Sequence[str]) -> ml_collections.ConfigDict:
  """The data config of `genjax prepare --source SOURCE` with `data.KEY=VALUE` `overrides` of
  `PREPARE_KEYS`."""
  return data_config('prepare', source, overrides, PREPARE_KEYS)


def _checked_out(out: str) -> pathlib.Path:
  path = check_target(out, folder=True)
  if path.is_dir() and any(path.iterdir()):
    raise GenjaxError(f'--out {out} is not empty; prepare into a new folder')
  return path


def prepare(data_cfg: ml_collections.ConfigDict, out: str, shard_bytes: int = records.SHARD_BYTES,
            progress: bool = False) -> records.RecordsSpec:
  """Writes the image source `data_cfg.source`, through `Geometry.of(data_cfg)`, as a records folder
  `out` (missing, or an empty folder) in shards of at most `shard_bytes`; returns its spec."""
  source = f'{data_cfg.source}:{data_cfg.split}' if data_cfg.split else data_cfg.source  # tfds:NAME:SPLIT
  return write_records(open_image_set(data_cfg), Geometry.of(data_cfg), out, source, shard_bytes, progress)


def write_records(image_set: ImageSet, geometry: Geometry, out: str, source: str,
                  shard_bytes: int = records.SHARD_BYTES, progress: bool = False) -> records.RecordsSpec:
  """Writes `image_set`, each image through `geometry`, example by example, as the records folder
  `out` (missing, or an empty folder) that names `source` as its origin; returns its spec."""
  path = _checked_out(out)
  shape = geometry.output_shape(image_set.shape, image_set.name)
  spec = records.RecordsSpec(
      source=source,
      geometry={'center_crop': geometry.center_crop, 'resize': geometry.resize, 'pad_to': geometry.pad_to},
      shape=shape, dtype=image_set.dtype.name, levels=image_set.levels, num_classes=image_set.num_classes,
      splits={})
  total = sum(map(len, image_set.splits().values()))
  with atomic_folder(path) as folder, tqdm.tqdm(total=total, unit='image', disable=not progress) as bar:
    splits = {}
    for split, split_source in image_set.splits().items():
      writer = records.ShardWriter(folder, split, len(split_source), spec.record_bytes, shard_bytes)
      for image, label in fitted_examples(image_set, split, geometry):
        writer.write(records.encode(image, label))
        bar.update()
      writer.close()
      splits[split] = {'count': len(split_source), 'shards': writer.shards}
    spec = dataclasses.replace(spec, splits=splits)
    write_json_atomic(folder / records.SPEC, spec.to_json())
  return spec
