"""Image folders, 'folder:DIR': PNG and JPEG files read with PIL, each decoded when it is accessed.

DIR holds the images (unlabelled) or class subfolders of them (labels: the sorted subfolder names
numbered 0, 1, ...); other files and hidden entries are ignored. Opening reads every file's header
(about 60 µs a file), so sizes, channels and unreadable files are known before any pixel is decoded.
Grayscale files ('1', 'L', 'LA') give C = 1 unless the folder also holds colour ones; every other
8-bit mode (RGB, RGBA, palette, CMYK, ...) is converted to RGB, C = 3.
"""
import dataclasses
import os
import pathlib
from collections.abc import Sequence

import numpy as np
from PIL import Image

from genjax.data.example_source import Example, ImageSet
from genjax.errors import GenjaxError

EXTENSIONS = ('.png', '.jpg', '.jpeg')
_GRAYSCALE = ('1', 'L', 'LA')
# What PIL raises for a file it cannot identify or decode (truncated data, a broken chunk, a decompression bomb).
_UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


def _header(path: str) -> tuple[tuple[int, int], str]:
  """(height, width) and mode of the image at `path`, from its header."""
  try:
    with Image.open(path, formats=('PNG', 'JPEG')) as image:
      width, height = image.size
      mode = image.mode
  except _UNREADABLE as e:
    raise GenjaxError(f'{path}: not a readable PNG or JPEG image ({e})') from e
  if mode.startswith('I') or mode == 'F':
    raise GenjaxError(f'{path}: {mode} pixels (16- or 32-bit); genjax reads 8-bit images')
  return (height, width), mode


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class FolderSource:
  """The image files `files` (and their `labels`, or None), each decoded to `channels` channels."""
  files: tuple[str, ...]
  labels: tuple[int, ...] | None
  channels: int

  def __len__(self) -> int:
    return len(self.files)

  def __getitem__(self, index: int) -> Example:
    path = self.files[index]
    try:
      with Image.open(path, formats=('PNG', 'JPEG')) as image:
        if self.channels == 1:
          pixels = np.asarray(image.convert('L'))[..., None]
        else:
          pixels = np.asarray((image.convert('RGBA') if image.mode == 'P' else image).convert('RGB'))
    except _UNREADABLE as e:
      raise GenjaxError(f'{path}: not a readable PNG or JPEG image ({e})') from e
    return {'image': pixels} if self.labels is None else {'image': pixels, 'label': self.labels[index]}

  def __getitems__(self, indices: Sequence[int]) -> list[Example]:
    return [self[i] for i in indices]

  def __repr__(self) -> str:
    folder = os.path.commonpath(self.files) if self.files else ''
    return f'FolderSource({folder!r}, {len(self)} images)'


def _images_in(folder: pathlib.Path) -> list[str]:
  return sorted(str(entry) for entry in folder.iterdir()
                if entry.is_file() and not entry.name.startswith('.') and entry.suffix.lower() in EXTENSIONS)


def _listing(directory: pathlib.Path, what: str) -> tuple[list[str], list[int] | None, int]:
  """The image files of `directory`, their labels (None when unlabelled) and the number of classes."""
  classes = sorted(entry.name for entry in directory.iterdir() if entry.is_dir() and not entry.name.startswith('.'))
  files = _images_in(directory)
  if files and classes:
    raise GenjaxError(f'{what}: holds images and subfolders ({", ".join(classes[:3])}); put every image '
                      'in a class subfolder, or none')
  if not classes:
    if not files:
      raise GenjaxError(f'{what}: no PNG or JPEG images ({", ".join(EXTENSIONS)}) in {directory}')
    return files, None, 0
  files, labels = [], []
  for label, name in enumerate(classes):
    in_class = _images_in(directory / name)
    if not in_class:
      raise GenjaxError(f'{what}: the class folder {directory / name} holds no PNG or JPEG images')
    files += in_class
    labels += [label] * len(in_class)
  return files, labels, len(classes)


def open_folder(directory: str) -> ImageSet:
  """The image folder `directory` as an `ImageSet` with no test split of its own."""
  what = f'folder:{directory}'
  path = pathlib.Path(directory)
  if not path.is_dir():
    raise GenjaxError(f'{what}: no such directory')
  files, labels, num_classes = _listing(path, what)
  headers = [_header(file) for file in files]
  sizes = {size for size, _ in headers}
  channels = 1 if all(mode in _GRAYSCALE for _, mode in headers) else 3
  height, width = sizes.pop() if len(sizes) == 1 else (None, None)
  source = FolderSource(tuple(files), None if labels is None else tuple(labels), channels)
  return ImageSet(name=what, train=source, test=None, shape=(height, width, channels), num_classes=num_classes)
