"""From a source's raw arrays to a validated, preprocessed `Dataset`."""
import ml_collections
import numpy as np

from genjax.data import images
from genjax.data.dataset import Arrays, Dataset, RawData
from genjax.data.transforms import check_transform
from genjax.errors import GenjaxError

# Fixed (not the experiment seed): every experiment holds out the same examples.
SPLIT_SEED = 0
# The largest image side data.resize and data.pad_to accept (a 4096² data set is already beyond memory).
MAX_SIDE = 4096


def check_config(data_cfg: ml_collections.ConfigDict) -> None:
  """Rejects `data` config values outside their domain."""
  if data_cfg.range not in images.RANGES:
    raise GenjaxError(f'data.range must be one of {sorted(images.RANGES)}, got {data_cfg.range!r}')
  for key in ('center_crop', 'resize', 'pad_to'):
    if not 0 <= data_cfg[key] <= MAX_SIDE:
      raise GenjaxError(f'data.{key} must be in [0, {MAX_SIDE}] (0: off), got {data_cfg[key]}')
  if not 0 < data_cfg.test_fraction < 1:
    raise GenjaxError(f'data.test_fraction must be in (0, 1), got {data_cfg.test_fraction}')
  if data_cfg.toy_size < 1:
    raise GenjaxError(f'data.toy_size must be >= 1, got {data_cfg.toy_size}')


def split(data: Arrays, test_fraction: float, what: str) -> tuple[Arrays, Arrays]:
  """Holds out round(N * test_fraction) examples, the same ones for every experiment."""
  n = len(data.x)
  n_test = round(n * test_fraction)
  if not 0 < n_test < n:
    raise GenjaxError(f'{what}: cannot hold out a test_fraction of {test_fraction} of {n} examples')
  order = np.random.default_rng(SPLIT_SEED).permutation(n)
  return _take(data, np.sort(order[n_test:])), _take(data, np.sort(order[:n_test]))


def _take(data: Arrays, idx: np.ndarray) -> Arrays:
  return Arrays(data.x[idx], None if data.y is None else data.y[idx],
                None if data.mask is None else data.mask[idx])


# Labels of a source that declares no classes (npz) give max(label) + 1 classes, at most this many:
# a stray huge label would otherwise size a class embedding from it.
MAX_INFERRED_CLASSES = 10_000


def _with_labels_checked(data: Arrays, num_classes: int | None, what: str) -> Arrays:
  """Checks the labels' shape, type and range, [0, num_classes) (the source's classes, or
  MAX_INFERRED_CLASSES when it declares none), before returning them as int32: no cast wraps."""
  x, y = np.asarray(data.x), data.y
  if y is None:
    return Arrays(x, mask=data.mask)
  y = np.asarray(y)
  if y.ndim != 1 or len(y) != len(x):
    raise GenjaxError(f'{what}: labels of shape {y.shape} for {len(x)} examples, expected 1-D')
  if not np.issubdtype(y.dtype, np.integer):
    raise GenjaxError(f'{what}: labels of dtype {y.dtype}, expected integers')
  if y.min(initial=0) < 0:
    raise GenjaxError(f'{what}: negative label {int(y.min())}; labels are classes 0, 1, ...')
  bound = num_classes or MAX_INFERRED_CLASSES
  if y.max(initial=0) >= bound:
    declared = (f'the {num_classes} classes of this source' if num_classes else
                f'the {MAX_INFERRED_CLASSES:,} classes genjax infers at most from labels')
    raise GenjaxError(f'{what}: label {int(y.max())} is outside {declared} (labels are 0 to {bound - 1})')
  return Arrays(x, y.astype(np.int32), data.mask)


def _num_classes(raw: RawData, train_y: np.ndarray | None, test_y: np.ndarray | None, name: str) -> int:
  """The source's classes, or max(label) + 1 when it declares none; 0 when unlabelled."""
  if (train_y is None) != (test_y is None):
    raise GenjaxError(f'{name}: labels for one split only')
  if train_y is None:
    return 0
  return raw.num_classes or int(max(train_y.max(initial=0), test_y.max(initial=0))) + 1


def _points(x: np.ndarray, what: str) -> np.ndarray:
  if x.ndim != 2 or min(x.shape) == 0:
    raise GenjaxError(f'{what}: points of shape {x.shape}, expected [N, D]')
  if not np.issubdtype(x.dtype, np.number) or not np.isfinite(x).all():
    raise GenjaxError(f'{what}: points must be finite numbers')
  return x.astype(np.float32)


def _images(
    x: np.ndarray, levels: int, data_cfg: ml_collections.ConfigDict, what: str) -> np.ndarray:
  x = images.as_nhwc(x, what)
  images.check_values(x, levels, what)
  if data_cfg.resize:
    x = images.resize(x, data_cfg.resize)
  if data_cfg.pad_to:
    x = images.pad(x, data_cfg.pad_to)
  return images.scale(x, levels, data_cfg.range)


def _sequences(
    data: Arrays, levels: int, data_cfg: ml_collections.ConfigDict, what: str) -> Arrays:
  """Frames [N, T, H, W, C] preprocessed as images, with their bool mask of the same shape."""
  x = data.x
  if x.ndim != 5 or data.mask is None or np.shape(data.mask) != x.shape:
    raise GenjaxError(
        f'{what}: sequences of shape {x.shape}, expected [N, T, H, W, C] and a mask of that shape')
  if data_cfg.resize or data_cfg.pad_to:
    raise GenjaxError(f'{what}: data.resize and data.pad_to apply to images, not sequences')
  frames = _images(x.reshape(-1, *x.shape[2:]), levels, data_cfg, what)
  return Arrays(frames.reshape(x.shape), data.y, np.asarray(data.mask, bool))


def _frozen(x: np.ndarray | None) -> np.ndarray | None:
  if x is not None:
    x.setflags(write=False)
  return x


def _prepared(
    data: Arrays, raw: RawData, data_cfg: ml_collections.ConfigDict, what: str) -> Arrays:
  data = _with_labels_checked(data, raw.num_classes, what)
  if raw.kind == 'image':
    return Arrays(_images(data.x, raw.levels, data_cfg, what), data.y)
  if raw.kind == 'sequence':
    return _sequences(data, raw.levels, data_cfg, what)
  return Arrays(_points(data.x, what), data.y)


def preprocess(name: str, raw: RawData, data_cfg: ml_collections.ConfigDict) -> Dataset:
  """Validates, preprocesses and splits `raw` as `data_cfg` says; `name` labels errors."""
  check_transform(data_cfg, raw.levels)
  if data_cfg.binarize and raw.kind == 'points':
    raise GenjaxError(f'{name}: data.binarize needs images, this source holds points')
  if raw.test is None:
    train, test = split(_prepared(raw.train, raw, data_cfg, name), data_cfg.test_fraction, name)
  else:
    train = _prepared(raw.train, raw, data_cfg, f'{name} (train)')
    test = _prepared(raw.test, raw, data_cfg, f'{name} (test)')
    if train.x.shape[1:] != test.x.shape[1:]:
      raise GenjaxError(
          f'{name}: train examples of shape {train.x.shape[1:]} but test examples of shape '
          f'{test.x.shape[1:]}')
  if raw.kind in ('image', 'sequence'):
    value_range = images.RANGES[data_cfg.range]
  else:
    value_range = (float(train.x.min()), float(train.x.max()))
  return Dataset(
      name=name,
      kind=raw.kind,
      train_x=_frozen(train.x),
      train_y=_frozen(train.y),
      test_x=_frozen(test.x),
      test_y=_frozen(test.y),
      num_classes=_num_classes(raw, train.y, test.y, name),
      value_range=value_range,
      levels=raw.levels,
      train_mask=_frozen(train.mask),
      test_mask=_frozen(test.mask))
