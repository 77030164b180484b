"""Prepared records, 'records:DIR': the files `genjax prepare` writes, read at random through
array_record (the reader Grain's `ArrayRecordDataSource` wraps).

DIR holds spec.json and, per split, shards SPLIT-00000-of-00002.array_record of at most `SHARD_BYTES`
each, written uncompressed with group_size 1 (every record its own chunk: random access). A record is
one example: its pixels as raw little-endian C-order bytes of the spec's shape and dtype, then, in a
labelled set, its label as a little-endian int32. Decoding is a view of the bytes, no image codec;
zstd would halve a redundant set but read a third slower (64x64x3 images, measured here).
"""
import contextlib
import dataclasses
import json
import math
import os
import pathlib
from collections.abc import Iterator, Sequence

import numpy as np
from array_record.python import array_record_data_source, array_record_module

from genjax.data.example_source import Example, ImageSet
from genjax.errors import GenjaxError

FORMAT, VERSION = 'genjax-records', 1
SPEC = 'spec.json'
SHARD_BYTES = 1 << 30
WRITER_OPTIONS = 'group_size:1,uncompressed'
DTYPES = ('uint8', 'float32')
_LABEL = np.dtype('<i4')
# What array_record raises for a damaged or truncated file.
_DAMAGED = (RuntimeError, ValueError, OSError)


@dataclasses.dataclass(frozen=True)
class RecordsSpec:
  """spec.json: where the examples came from, what every record holds, and each split's shards."""
  source: str
  geometry: dict[str, int]
  shape: tuple[int, int, int]
  dtype: str
  levels: int
  num_classes: int
  splits: dict[str, dict]  # split -> {'count': N, 'shards': [file names]}

  @property
  def record_bytes(self) -> int:
    return math.prod(self.shape) * np.dtype(self.dtype).itemsize + (_LABEL.itemsize if self.num_classes else 0)

  def to_json(self) -> dict:
    return {'format': FORMAT, 'version': VERSION, **dataclasses.asdict(self), 'shape': list(self.shape)}

  @classmethod
  def from_json(cls, record, what: str) -> 'RecordsSpec':
    """The spec in `record` (parsed JSON), checked field by field; `what` names the file in errors."""
    if not isinstance(record, dict) or record.get('format') != FORMAT:
      raise GenjaxError(f'{what}: not a genjax records spec (format {FORMAT!r})')
    if record.get('version') != VERSION:
      raise GenjaxError(f'{what}: records format version {record.get("version")!r}; this genjax reads {VERSION}')
    try:
      fields = {field.name: record[field.name] for field in dataclasses.fields(cls)}
    except KeyError as e:
      raise GenjaxError(f'{what}: no {e.args[0]!r} field') from e
    shape, splits = fields['shape'], fields['splits']
    problems = [name for name, valid in (
        ('shape', isinstance(shape, list) and len(shape) == 3 and all(_is_count(n) and n for n in shape)),
        ('dtype', fields['dtype'] in DTYPES),
        ('levels', _is_count(fields['levels']) and (0 < fields['levels'] <= 256) == (fields['dtype'] == 'uint8')),
        ('num_classes', _is_count(fields['num_classes'])),
        ('geometry', isinstance(fields['geometry'], dict)),
        ('splits', isinstance(splits, dict) and 'train' in splits and all(map(_is_split, splits.values()))),
    ) if not valid]
    if problems:
      raise GenjaxError(f'{what}: malformed {", ".join(problems)}')
    return cls(**{**fields, 'shape': tuple(shape)})


def _is_count(value) -> bool:
  return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_split(entry) -> bool:
  """{'count': N, 'shards': [plain file names]}."""
  return (isinstance(entry, dict) and _is_count(entry.get('count')) and isinstance(entry.get('shards'), list)
          and all(isinstance(name, str) and name and pathlib.PurePath(name).name == name for name in entry['shards']))


def encode(image: np.ndarray, label: int | None) -> bytes:
  """One record: the image's raw bytes (little-endian), then the label as int32 when there is one."""
  data = np.ascontiguousarray(image, image.dtype.newbyteorder('<')).tobytes()
  return data if label is None else data + _LABEL.type(label).tobytes()


@dataclasses.dataclass(frozen=True, eq=False)
class RecordsSource:
  """One split of a records folder: array_record's random-access reader of its shards, decoded."""
  records: array_record_data_source.ArrayRecordDataSource
  spec: RecordsSpec
  name: str

  def __len__(self) -> int:
    return len(self.records)

  def __getitem__(self, index: int) -> Example:
    if not 0 <= index < len(self):
      raise IndexError(f'{self.name}: no record {index} of {len(self)}')
    with self._reading():
      record = self.records[index]
    return self._decode(record)

  def __getitems__(self, indices: Sequence[int]) -> list[Example]:
    with self._reading():
      records = self.records.__getitems__(indices)
    return [self._decode(record) for record in records]

  @contextlib.contextmanager
  def _reading(self) -> Iterator[None]:
    try:
      yield
    except _DAMAGED as e:
      raise GenjaxError(f'{self.name}: a damaged shard ({type(e).__name__}: {e})') from e

  def _decode(self, record: bytes) -> Example:
    if len(record) != self.spec.record_bytes:
      raise GenjaxError(f'{self.name}: a record of {len(record)} bytes where spec.json says '
                        f'{self.spec.record_bytes} (a damaged shard?)')
    pixels = math.prod(self.spec.shape)
    image = np.frombuffer(record, np.dtype(self.spec.dtype).newbyteorder('<'), count=pixels).reshape(self.spec.shape)
    if not self.spec.num_classes:
      return {'image': image}
    return {'image': image, 'label': int(np.frombuffer(record, _LABEL, offset=image.nbytes)[0])}


def _split_source(folder: pathlib.Path, spec: RecordsSpec, split: str, what: str) -> RecordsSource:
  entry = spec.splits[split]
  paths = [folder / shard for shard in entry['shards']]
  missing = [str(path) for path in paths if not path.is_file()]
  if missing or not paths:
    raise GenjaxError(f'{what}: the {split} shard {missing[0] if missing else "list"} is missing')
  try:
    records = array_record_data_source.ArrayRecordDataSource([os.fspath(path) for path in paths])
  except _DAMAGED as e:
    raise GenjaxError(f'{what}: the {split} shards are unreadable ({type(e).__name__}: {e})') from e
  if len(records) != entry['count']:
    raise GenjaxError(f'{what}: the {split} shards hold {len(records)} records; spec.json says {entry["count"]}')
  return RecordsSource(records, spec, f'{what} ({split})')


def open_records(directory: str) -> ImageSet:
  """The records folder `directory` (from `genjax prepare`) as an `ImageSet`."""
  what = f'records:{directory}'
  folder = pathlib.Path(directory)
  file = folder / SPEC
  if not file.is_file():
    reason = f'no {SPEC}' if folder.is_dir() else 'no such directory'
    raise GenjaxError(f'{what}: {reason}; make it with genjax prepare --source SOURCE --out {directory}')
  try:
    spec = RecordsSpec.from_json(json.loads(file.read_text()), str(file))
  except (OSError, ValueError) as e:  # unreadable, or not JSON
    raise GenjaxError(f'{file}: unreadable ({e})') from e
  splits = {split: _split_source(folder, spec, split, what) for split in spec.splits}
  return ImageSet(name=what, train=splits['train'], test=splits.get('test'), shape=spec.shape,
                  num_classes=spec.num_classes, levels=spec.levels)


class ShardWriter:
  """Writes one split's `count` records of `record_bytes` each into shards of at most `shard_bytes`."""

  def __init__(self, folder: pathlib.Path, split: str, count: int, record_bytes: int, shard_bytes: int):
    self.per_shard = max(1, shard_bytes // record_bytes)
    num_shards = math.ceil(count / self.per_shard)
    self.shards = [f'{split}-{i:05d}-of-{num_shards:05d}.array_record' for i in range(num_shards)]
    self.folder, self.written, self._writer = folder, 0, None

  def write(self, record: bytes) -> None:
    if self.written % self.per_shard == 0:
      self._close_shard()
      self._writer = array_record_module.ArrayRecordWriter(
          os.fspath(self.folder / self.shards[self.written // self.per_shard]), WRITER_OPTIONS)
    self._writer.write(record)
    self.written += 1

  def close(self) -> None:
    """Closes the last shard; every shard is on disk (fsynced) when it returns."""
    self._close_shard()
    for shard in self.shards:
      with open(self.folder / shard, 'rb') as f:
        os.fsync(f.fileno())

  def _close_shard(self) -> None:
    if self._writer is not None:
      self._writer.close()
      self._writer = None
