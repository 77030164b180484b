"""Data sources by name ('toy:ring8', 'digits', 'mnist', 'stacked:mnist', 'sequences:mnist', 'idx:DIR',
'tfds:NAME[:SPLIT]', 'folder:DIR', 'records:DIR', 'npz:FILE', 'pair:BASE:OTHER').

A reader returns the arrays of a set it reads whole (`RawData`) or, for a set read example by example
(TFDS, image folders, prepared records), an `ImageSet`: `load_dataset` reads that into memory one
fitted example at a time, the streaming pipeline and `genjax prepare` take it as it is.
"""
import importlib.util
import os
import pathlib
import zipfile
from collections.abc import Callable

import ml_collections
import numpy as np

from genjax.data import domains, folder_reader, idx, images, records, sequences, stacked, tfds_reader, toy
from genjax.data.dataset import Arrays, Dataset, RawData
from genjax.data.example_source import ImageSet, read_into_memory
from genjax.data.geometry import Geometry
from genjax.data.preprocess import as_image_set, check_config, preprocess
from genjax.errors import GenjaxError, check_choice

Loaded = RawData | ImageSet


def _toy(name: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  return toy.load_toy(name, data_cfg.toy_size)


def _digits(_: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  """scikit-learn's bundled 8x8 digits (1,797 images, pixels 0..16), no download: the CSV that
  `sklearn.datasets.load_digits` reads, read here without importing scikit-learn (1.3 s a start)."""
  package = importlib.util.find_spec('sklearn')
  if package is None:
    raise GenjaxError("source 'digits' is scikit-learn's bundled data set: pip install scikit-learn")
  csv = pathlib.Path(package.submodule_search_locations[0], 'datasets', 'data', 'digits.csv.gz')
  table = np.loadtxt(csv, delimiter=',', dtype=np.uint8)
  return RawData(
      kind='image',
      train=Arrays(table[:, :-1].reshape(-1, 8, 8), table[:, -1].astype(np.int64)),
      levels=17,
      num_classes=10)


def _idx(directory: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  """MNIST-style IDX files in `directory`; a lone train or test set is split by test_fraction."""
  path = pathlib.Path(directory)
  if not path.is_dir():
    raise GenjaxError(f'idx:{directory}: no such directory')
  train, test = idx.read_idx_split(path, 'train'), idx.read_idx_split(path, 'test')
  if train is None and test is None:
    raise GenjaxError(
        f'idx:{directory}: no train-images-idx3-ubyte[.gz] or t10k-images-idx3-ubyte[.gz] here')
  pool = train if train is not None else test
  return RawData(
      kind='image',
      train=pool,
      test=test if train is not None else None,
      levels=images.dtype_levels(pool.x),
      num_classes=idx.DIGIT_CLASSES)


def _mnist(_: str, data_cfg: ml_collections.ConfigDict) -> Loaded:
  """IDX files in $GENJAX_DATA_DIR/mnist if that folder exists, else a prepared TFDS mnist."""
  root = os.environ.get('GENJAX_DATA_DIR')
  if root and (pathlib.Path(root) / 'mnist').is_dir():
    return _idx(str(pathlib.Path(root) / 'mnist'), data_cfg)
  if tfds_reader.prepared_builder('mnist') is None:
    found = f' ({root}/mnist does not exist)' if root else ''
    raise GenjaxError(
        'mnist is not available: set GENJAX_DATA_DIR to a folder holding mnist/ with the IDX files '
        f'(train-images-idx3-ubyte.gz, ...){found}, or {tfds_reader.not_prepared_message("mnist")}')
  return tfds_reader.open_tfds('mnist', '')


def _tfds(argument: str, data_cfg: ml_collections.ConfigDict) -> ImageSet:
  return tfds_reader.open_tfds(argument, data_cfg.split)


def _folder(directory: str, data_cfg: ml_collections.ConfigDict) -> ImageSet:
  return folder_reader.open_folder(directory)


def _records(directory: str, data_cfg: ml_collections.ConfigDict) -> ImageSet:
  return records.open_records(directory)


def _npz(file: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  """A user's arrays: `x` (images [N, H, W(, C)] or points [N, D]) and optional labels `y`.

  Images are uint8 (or other integers in 0..255), or floats already in [0, 1].
  """
  what = f'npz:{file}'
  try:
    archive = np.load(file, allow_pickle=False)
  except FileNotFoundError as e:
    raise GenjaxError(f'{what}: no such file') from e
  except (OSError, ValueError) as e:
    raise GenjaxError(f'{what}: not a readable .npz file ({e})') from e
  if not isinstance(archive, np.lib.npyio.NpzFile):
    raise GenjaxError(f'{what}: a single .npy array, expected an .npz archive with x and y')
  try:
    with archive:
      contents = {key: archive[key] for key in archive.files}
  except (OSError, ValueError, zipfile.BadZipFile) as e:
    raise GenjaxError(f'{what}: arrays that cannot be read without pickle ({e})') from e
  if 'x' not in contents or set(contents) - {'x', 'y'}:
    raise GenjaxError(f'{what}: holds {sorted(contents)}, expected x and optionally y')
  x = contents['x']
  if x.ndim not in (2, 3, 4):
    raise GenjaxError(
        f'{what}: x of shape {x.shape}, expected points [N, D] or images [N, H, W(, C)]')
  is_image = x.ndim > 2
  return RawData(
      kind='image' if is_image else 'points',
      train=Arrays(x, contents.get('y')),
      levels=images.dtype_levels(x) if is_image else 0)


def _stacked(base: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  """Three independently drawn digits of `base` ('digits' or 'mnist') as RGB channels."""
  if base not in ('digits', 'mnist'):
    raise GenjaxError(f"stacked:{base}: stacking takes 'digits' or 'mnist'")
  return stacked.stack(_base(base, data_cfg), f'stacked:{base}')


def _sequences(base: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  """One digit of `base` ('digits' or 'mnist') rotating over frames, with pixels and frames missing;
  settings in data.sequences (`sequences.data_config()` when absent)."""
  if base not in ('digits', 'mnist'):
    raise GenjaxError(f"sequences:{base}: sequences take 'digits' or 'mnist'")
  settings = data_cfg.get('sequences') or sequences.data_config()
  return sequences.build(_base(base, data_cfg), settings, f'sequences:{base}')


def _pair_domains(argument: str, data_cfg: ml_collections.ConfigDict) -> tuple[RawData, RawData]:
  """'BASE:OTHER': the raw domains A and B of BASE ('digits' or 'mnist') and OTHER, a transform of
  BASE ('edges', 'negative', 'rotated') or the other base (see `domains`)."""
  base, _, other = argument.partition(':')
  if base not in domains.BASES:
    raise GenjaxError(f"pair:{argument}: pairs take 'digits' or 'mnist', as pair:BASE:OTHER")
  raw = _base(base, data_cfg)
  if other in domains.BASES:
    return raw, _base(other, data_cfg)
  check_choice(f'pair:{argument}: the second domain', other, (*domains.TRANSFORMS, *domains.BASES))
  return domains.halves(raw, other, f'pair:{argument}')


def _base(name: str, data_cfg: ml_collections.ConfigDict) -> RawData:
  """The raw arrays of the base `name` ('digits' or 'mnist') of a derived source."""
  loaded = _SOURCES[name]('', data_cfg)
  return read_into_memory(loaded, Geometry()) if isinstance(loaded, ImageSet) else loaded


def load_domains(data_cfg: ml_collections.ConfigDict) -> tuple[Dataset, Dataset]:
  """The two domains of a 'pair:BASE:OTHER' source, preprocessed, each with its own labels."""
  kind, argument = _parsed(data_cfg)
  if kind != 'pair':
    raise GenjaxError(f'data source {data_cfg.source!r} holds one domain, not a pair:BASE:OTHER')
  return domains.load_domains(*_pair_domains(argument, data_cfg), data_cfg, data_cfg.source)


_SOURCES: dict[str, Callable[[str, ml_collections.ConfigDict], Loaded]] = {
    'toy': _toy,
    'digits': _digits,
    'mnist': _mnist,
    'idx': _idx,
    'tfds': _tfds,
    'folder': _folder,
    'records': _records,
    'npz': _npz,
    'stacked': _stacked,
    'sequences': _sequences,
}
_TAKES_ARGUMENT = ('toy', 'idx', 'tfds', 'folder', 'records', 'npz', 'stacked', 'sequences', 'pair')
KNOWN = (*(f'toy:{name}' for name in toy.NAMES), 'digits', 'mnist', 'stacked:digits', 'stacked:mnist',
         'sequences:digits', 'sequences:mnist',
         *(f'pair:{base}:{other}' for base in domains.BASES for other in (*domains.TRANSFORMS, *domains.BASES)
           if other != base),
         'idx:DIR', 'tfds:NAME[:SPLIT]', 'folder:DIR', 'records:DIR',
         'npz:FILE')


def _parsed(data_cfg: ml_collections.ConfigDict) -> tuple[str, str]:
  """(kind, argument) of `data_cfg.source`, a known source, after the data config's checks."""
  check_config(data_cfg)
  source = data_cfg.source
  kind, _, argument = source.partition(':')
  if (kind not in _SOURCES and kind != 'pair') or (kind in _TAKES_ARGUMENT) != bool(argument):
    raise GenjaxError(f'unknown data source {source!r}; known: {", ".join(KNOWN)}')
  if data_cfg.split and kind != 'tfds':
    raise GenjaxError(f'data.split {data_cfg.split!r} picks a split of a tfds: source, not of {source}')
  return kind, argument


# Sources read example by example, on access ('mnist' too when it comes from TFDS): they may be too big
# for memory, and stream when they are.
READ_ON_ACCESS = ('tfds', 'folder', 'records', 'mnist')


def reads_on_access(data_cfg: ml_collections.ConfigDict) -> bool:
  """Whether `data_cfg.source` is of a READ_ON_ACCESS kind."""
  return data_cfg.source.partition(':')[0] in READ_ON_ACCESS


def open_image_set(data_cfg: ml_collections.ConfigDict) -> ImageSet:
  """The image source `data_cfg.source` as an `ImageSet`, its images raw (apply `Geometry.of(data_cfg)`
  to each). READ_ON_ACCESS sources are read example by example, on access; the other image sources
  are read whole and served from memory."""
  kind, argument = _parsed(data_cfg)
  if kind == 'pair':
    raise GenjaxError(f'{data_cfg.source} holds two domains; read it with load_domains')
  loaded = _SOURCES[kind](argument, data_cfg)
  return loaded if isinstance(loaded, ImageSet) else as_image_set(data_cfg.source, loaded)


def load_dataset(data_cfg: ml_collections.ConfigDict) -> Dataset:
  """Loads, validates and preprocesses the data source `data_cfg.source`."""
  kind, argument = _parsed(data_cfg)
  if kind == 'pair':
    return domains.load(*_pair_domains(argument, data_cfg), data_cfg, data_cfg.source)
  loaded = _SOURCES[kind](argument, data_cfg)
  if isinstance(loaded, ImageSet):
    return load_image_set(loaded, data_cfg)
  return preprocess(data_cfg.source, loaded, data_cfg)


def load_image_set(image_set: ImageSet, data_cfg: ml_collections.ConfigDict) -> Dataset:
  """`image_set` read into memory, fitted example by example: only the final images are held."""
  return preprocess(data_cfg.source, read_into_memory(image_set, Geometry.of(data_cfg)), data_cfg,
                    geometry=Geometry())
