"""MNIST-format IDX files (LeCun et al. 1998), gzipped or not: strict reading, and writing.

An IDX file is two zero bytes, a dtype code, the number of dimensions, each dimension as a
big-endian uint32, then the values in C order, big-endian.
"""
import gzip
import math
import pathlib
import struct
import zlib

import numpy as np

from genjax.data.dataset import Arrays
from genjax.errors import GenjaxError

_DTYPES = {
    0x08: np.dtype('>u1'),
    0x09: np.dtype('>i1'),
    0x0B: np.dtype('>i2'),
    0x0C: np.dtype('>i4'),
    0x0D: np.dtype('>f4'),
    0x0E: np.dtype('>f8'),
}
_CODES = {dtype.newbyteorder('='): code for code, dtype in _DTYPES.items()}
# MNIST's labels are the digits 0-9: an IDX label file's values must be classes 0..9.
DIGIT_CLASSES = 10
# MNIST's own names (t10k-...) and the common test-... variant; each may end in .gz.
_SPLIT_PREFIXES = {'train': ('train',), 'test': ('t10k', 'test')}


def _read_bytes(path: pathlib.Path) -> bytes:
  if path.suffix != '.gz':
    return path.read_bytes()
  try:
    with gzip.open(path, 'rb') as f:
      return f.read()
  except (EOFError, OSError, zlib.error) as e:
    raise GenjaxError(f'{path}: truncated or corrupt gzip ({e})') from e


def read_idx(path: str | pathlib.Path, ndim: int) -> np.ndarray:
  """Reads an IDX file with `ndim` dimensions, checking its header against its payload."""
  path = pathlib.Path(path)
  data = _read_bytes(path)
  if len(data) < 4 or data[:2] != b'\0\0':
    raise GenjaxError(f'{path}: bad magic number 0x{data[:4].hex()}, not an IDX file')
  code, file_ndim = data[2], data[3]
  if code not in _DTYPES:
    raise GenjaxError(f'{path}: unknown IDX dtype code 0x{code:02x}')
  if file_ndim != ndim:
    raise GenjaxError(f'{path}: {file_ndim} dimensions where {ndim} were expected')
  offset = 4 + 4 * ndim
  if len(data) < offset:
    raise GenjaxError(f'{path}: truncated header')
  shape = struct.unpack(f'>{ndim}I', data[4:offset])
  dtype = _DTYPES[code]
  expected = math.prod(shape) * dtype.itemsize
  if len(data) - offset != expected:
    raise GenjaxError(
        f'{path}: payload of {len(data) - offset} bytes, header says {shape} {dtype.name} '
        f'= {expected} bytes')
  return np.frombuffer(data, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder('='))


def write_idx(path: str | pathlib.Path, array: np.ndarray) -> None:
  """Writes `array` as an IDX file, gzipped when `path` ends in .gz."""
  path = pathlib.Path(path)
  array = np.asarray(array)
  code = _CODES.get(array.dtype.newbyteorder('='))
  if code is None:
    raise GenjaxError(f'{path}: IDX cannot store dtype {array.dtype}')
  header = struct.pack(f'>BBBB{array.ndim}I', 0, 0, code, array.ndim, *array.shape)
  data = header + array.astype(_DTYPES[code]).tobytes()
  path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == '.gz' else data)


def _find(directory: pathlib.Path, split: str, what: str) -> pathlib.Path | None:
  for prefix in _SPLIT_PREFIXES[split]:
    for suffix in ('', '.gz'):
      path = directory / f'{prefix}-{what}-ubyte{suffix}'
      if path.is_file():
        return path
  return None


def read_idx_split(directory: pathlib.Path, split: str) -> Arrays | None:
  """Reads the 'train' or 'test' images of an MNIST-style folder and their labels, if present."""
  images_path = _find(directory, split, 'images-idx3')
  if images_path is None:
    return None
  images = read_idx(images_path, 3)
  labels_path = _find(directory, split, 'labels-idx1')
  if labels_path is None:
    return Arrays(images)
  labels = read_idx(labels_path, 1)
  if len(labels) != len(images):
    raise GenjaxError(
        f'{labels_path}: {len(labels)} labels for the {len(images)} images of {images_path.name}')
  return Arrays(images, labels)
