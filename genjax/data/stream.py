"""The streaming input path: a data set too big for the devices is read from disk as it trains, with
Grain. The batch of step s is the same slice of the same (seed, epoch) permutation as on the device
path (`EpochShuffle`), so both paths train identically and a resumed run needs no iterator state:
reading restarts at the resumed step. Each process reads only the rows of each global batch that
its own devices hold; worker threads (and optionally processes) read and decode ahead of the step.
"""
import dataclasses
import functools
import math
import time

import grain
import jax
import ml_collections
import numpy as np

from genjax.core.sharding import batch_sharded
from genjax.data import images
from genjax.data.dataset import decode
from genjax.data.example_source import ExampleSource, ImageSet
from genjax.data.geometry import Geometry
from genjax.data.preprocess import held_out
from genjax.data.transforms import check_transform
from genjax.errors import GenjaxError

# The held-out examples a streamed set reads into memory for pictures and evaluation.
HELD_OUT_IN_MEMORY = 10_000


@dataclasses.dataclass(frozen=True)
class StreamOptions:
  """How many threads read ahead, how many steps they may run ahead, and how many worker processes
  read besides them (0: threads only; processes need a picklable source)."""
  threads: int = 8
  prefetch_steps: int = 4
  workers: int = 0


@dataclasses.dataclass(frozen=True, eq=False)
class StreamedDataset:
  """An image set described but not loaded: random-access splits of raw examples, read a batch at a
  time, each example fitted by `geometry` (crop, resize, pad) in the reading threads. Its attributes
  match `Dataset`'s where a trainer reads them; its held-out examples are read into memory on first
  use (at most HELD_OUT_IN_MEMORY)."""
  name: str
  train: ExampleSource
  test: ExampleSource
  shape: tuple[int, int, int]
  num_classes: int
  value_range: tuple[float, float]
  levels: int
  dtype: np.dtype  # of the stored pixels: uint8, or float32 for continuous images
  geometry: Geometry
  kind = 'image'
  train_mask = test_mask = None

  @classmethod
  def open(cls, image_set: ImageSet, data_cfg: ml_collections.ConfigDict) -> 'StreamedDataset':
    """`image_set` as `data_cfg` preprocesses it; without a test split of its own, the examples
    `held_out` holds out (the ones the device path holds out)."""
    check_transform(data_cfg, image_set.levels)
    geometry = Geometry.of(data_cfg)
    train, test = image_set.train, image_set.test
    if test is None:
      train_indices, test_indices = held_out(len(train), data_cfg.test_fraction, image_set.name)
      train, test = Subset(train, train_indices), Subset(train, test_indices)
    return cls(name=image_set.name, train=train, test=test,
               shape=geometry.output_shape(image_set.shape, image_set.name), num_classes=image_set.num_classes,
               value_range=images.RANGES[data_cfg.range], levels=image_set.levels, dtype=image_set.dtype,
               geometry=geometry)

  @property
  def stored_gb(self) -> float:
    """The size of the training examples once fitted, as the device path would store them."""
    return len(self.train) * math.prod(self.shape) * self.dtype.itemsize / 1e9

  @property
  def train_y(self) -> None:
    raise GenjaxError(f'{self.name} streams: its training labels are not in memory '
                      '(semi-supervised training needs data.pipeline=device)')

  @functools.cached_property
  def _held_out(self) -> dict:
    count = min(len(self.test), HELD_OUT_IN_MEMORY)
    return read_examples(self.test, range(count), self.geometry, bool(self.num_classes))

  @property
  def test_raw(self) -> np.ndarray:
    return self._held_out['x']

  @property
  def test_y(self) -> np.ndarray | None:
    return self._held_out.get('y')

  @property
  def test_x(self) -> np.ndarray:
    return self.decode(self.test_raw)

  def decode(self, raw):
    return decode(raw, self.kind, self.levels, self.value_range)


@dataclasses.dataclass(frozen=True, eq=False)
class Subset:
  """The examples of `source` at `indices`, as a split of their own."""
  source: ExampleSource
  indices: np.ndarray

  def __len__(self) -> int:
    return len(self.indices)

  def __getitem__(self, index: int) -> dict:
    return self.source[int(self.indices[index])]

  def __getitems__(self, indices) -> list[dict]:
    return self.source.__getitems__([int(self.indices[i]) for i in indices])


def read_examples(split: ExampleSource, indices, geometry: Geometry, labelled: bool) -> dict:
  """{'x': [n, H, W, C] stored dtype, 'y': int32 [n] when labelled} of the examples at `indices`."""
  examples = split.__getitems__([int(i) for i in indices])
  batch = {'x': np.stack([geometry.image(example['image']) for example in examples])}
  if labelled:
    batch['y'] = np.asarray([example['label'] for example in examples], np.int32)
  return batch


def local_rows(mesh: jax.sharding.Mesh, shape: tuple[int, ...], axis: int) -> slice:
  """The rows of a global batch of `shape`, split along `axis` over 'data', that this process's
  devices hold (one contiguous block: the mesh orders devices by process)."""
  index_map = batch_sharded(mesh, axis).addressable_devices_indices_map(shape)
  bounds = sorted({index[axis].indices(shape[axis])[:2] for index in index_map.values()})
  if any(stop != start for (_, stop), (start, _) in zip(bounds, bounds[1:])):
    raise GenjaxError(f'the devices of process {jax.process_index()} hold no contiguous block of the batch')
  return slice(bounds[0][0], bounds[-1][1])


@dataclasses.dataclass(frozen=True)
class _StepReader:
  """Reads this process's rows of step s's batch (a picklable function of s, for worker processes)."""
  examples: ExampleSource
  shuffle: object  # EpochShuffle, or a sweep's stack of them: anything with indices(step)
  rows: slice
  geometry: Geometry
  labelled: bool

  def __call__(self, step: int) -> dict:
    indices = self.shuffle.indices(step)[..., self.rows]
    batch = read_examples(self.examples, indices.reshape(-1), self.geometry, self.labelled)
    return {name: array.reshape(*indices.shape, *array.shape[1:]) for name, array in batch.items()}


class StreamedBatches:
  """The global batches of steps [s, s + K), read ahead by Grain, as arrays split over 'data'.

  `take(s, K)` continues the reading begun at the previous call's end, or starts reading at s
  (a resumed run, or the first call). `wait_seconds` totals the time `take` waited for data."""

  def __init__(self, data: StreamedDataset, shuffle, mesh: jax.sharding.Mesh, end_step: int,
               options: StreamOptions):
    self._shape = shuffle.indices(0).shape  # One step's global indices: [(seeds,) (batches,) batch].
    self._batch_axis = len(self._shape) - 1
    self._mesh, self._end_step, self._options = mesh, end_step, options
    self._read = _StepReader(data.train, shuffle, local_rows(mesh, self._shape, self._batch_axis),
                             data.geometry, bool(data.num_classes))
    self._iterator, self._next_step = None, None
    self.wait_seconds = 0.0

  def _start(self, step: int) -> None:
    self.close()
    steps = grain.MapDataset.range(step, self._end_step).map(self._read)
    options = grain.ReadOptions(num_threads=self._options.threads, prefetch_buffer_size=self._options.prefetch_steps)
    batches = steps.to_iter_dataset(options)
    if self._options.workers:
      batches = batches.mp_prefetch(grain.MultiprocessingOptions(num_workers=self._options.workers))
    self._iterator, self._next_step = iter(batches), step

  def take(self, step: int, count: int) -> dict:
    if step != self._next_step:
      self._start(step)
    started = time.perf_counter()
    local = [next(self._iterator) for _ in range(count)]
    self.wait_seconds += time.perf_counter() - started
    self._next_step = step + count
    sharding = batch_sharded(self._mesh, axis=1 + self._batch_axis)
    return {name: jax.make_array_from_process_local_data(
                sharding, np.stack([batch[name] for batch in local]),
                (count, *self._shape, *local[0][name].shape[len(self._shape):]))
            for name in local[0]}

  def close(self) -> None:
    """Stops the reading threads and processes (a new `take` starts them again)."""
    if self._iterator is not None:
      self._iterator.close()
    self._iterator = None
