"""The random-access example source: the contract between the readers of image sets (TFDS, image
folders, prepared records, arrays in memory) and what reads them (the in-memory loader, `genjax
prepare`, the streaming pipeline, which hands a split to Grain's `MapDataset.source`).

An example is a dict: 'image', an array [H, W, C] with C in {1, 3}, uint8 when the set is quantized
(levels > 0) and float32 in [0, 1] when it is continuous (levels 0); and, when the set is labelled,
'label', an int in [0, num_classes).
"""
import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from genjax.data.dataset import Arrays, RawData
from genjax.data.geometry import Geometry
from genjax.errors import GenjaxError

Example = dict[str, Any]
# Examples read at once where a whole split is read in order (one __getitems__ call).
CHUNK = 64


@runtime_checkable
class ExampleSource(Protocol):
  """One split, read at random: what Grain's `MapDataset.source` takes. Sources pickle (Grain's worker
  processes get copies) and decode on access."""

  def __len__(self) -> int: ...

  def __getitem__(self, index: int) -> Example: ...

  def __getitems__(self, indices: Sequence[int]) -> Sequence[Example]: ...


@dataclasses.dataclass(frozen=True, eq=False)
class ImageSet:
  """A whole image source and what is known of it without reading every example.

  Attributes:
    name: the source string, e.g. 'folder:/data/faces', for messages.
    train: the training split.
    test: the source's own held-out split, or None: then `preprocess.held_out` holds out a fixed
      `data.test_fraction` of `train`.
    shape: (H, W, C) of every image; H and W are None when sizes vary (a `Geometry` must fix one).
    num_classes: labels are 0 .. num_classes - 1; 0 when unlabelled.
    levels: quantization levels of the pixels, 256 for 8-bit images (17 for scikit-learn's digits);
      0 for continuous float32 images in [0, 1].
  """
  name: str
  train: ExampleSource
  test: ExampleSource | None
  shape: tuple[int | None, int | None, int]
  num_classes: int
  levels: int = 256

  def __post_init__(self):
    if self.shape[2] not in (1, 3):
      raise GenjaxError(f'{self.name}: images with {self.shape[2]} channels; genjax takes 1 or 3')
    for split in ('train', 'test'):
      source = getattr(self, split)
      if source is not None and not len(source):
        raise GenjaxError(f'{self.name}: the {split} split is empty')

  @property
  def dtype(self) -> np.dtype:
    return np.dtype(np.uint8 if self.levels else np.float32)

  def splits(self) -> dict[str, ExampleSource]:
    """'train' and, when the source has one, 'test'."""
    return {'train': self.train} | ({} if self.test is None else {'test': self.test})


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ArraySource:
  """Images [N, H, W, C] and optional labels [N] held in memory, as an `ExampleSource`."""
  images: np.ndarray
  labels: np.ndarray | None = None

  def __len__(self) -> int:
    return len(self.images)

  def __getitem__(self, index: int) -> Example:
    example = {'image': self.images[index]}
    if self.labels is not None:
      example['label'] = int(self.labels[index])
    return example

  def __getitems__(self, indices: Sequence[int]) -> list[Example]:
    return [self[i] for i in indices]

  def __repr__(self) -> str:
    return f'ArraySource({len(self)} images of shape {self.images.shape[1:]})'


def fitted_examples(image_set: ImageSet, split: str, geometry: Geometry) -> Iterator[tuple[np.ndarray, int | None]]:
  """(image, label or None) of each example of `split` in order, read `CHUNK` at a time, the image
  through `geometry` and checked to have the one shape and dtype of the result."""
  shape = geometry.output_shape(image_set.shape, image_set.name)
  source = image_set.splits()[split]
  for start in range(0, len(source), CHUNK):
    for example in source.__getitems__(list(range(start, min(start + CHUNK, len(source))))):
      image = geometry.image(example['image'])
      if image.shape != shape or image.dtype != image_set.dtype:
        raise GenjaxError(f'{image_set.name} ({split}): an image {image.dtype} {image.shape} where '
                          f'{image_set.dtype} {shape} was expected')
      yield image, example.get('label')


def read_into_memory(image_set: ImageSet, geometry: Geometry) -> RawData:
  """Every example of `image_set`, its image through `geometry`, as the arrays of a source held in
  memory; only the fitted images are kept, so a set of large images is read at its final size."""
  shape = geometry.output_shape(image_set.shape, image_set.name)

  def read(split: str, source: ExampleSource) -> Arrays:
    x = np.empty((len(source), *shape), image_set.dtype)
    y = np.empty(len(source), np.int64) if image_set.num_classes else None
    for i, (image, label) in enumerate(fitted_examples(image_set, split, geometry)):
      x[i] = image
      if y is not None:
        y[i] = label
    return Arrays(x, y)

  arrays = {split: read(split, source) for split, source in image_set.splits().items()}
  return RawData(kind='image', train=arrays['train'], test=arrays.get('test'), levels=image_set.levels,
                 num_classes=image_set.num_classes or None)
