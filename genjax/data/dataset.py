"""The arrays a source yields (`RawData`) and the preprocessed data set a trainer consumes."""
import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True, eq=False)
class Arrays:
  """One split as a source reads it: examples, optional integer labels and, for data with missing
  values, a mask shaped like `x` that is True where a value is observed."""
  x: np.ndarray
  y: np.ndarray | None = None
  mask: np.ndarray | None = None


@dataclasses.dataclass(frozen=True, eq=False)
class RawData:
  """What a source returns, before validation and preprocessing.

  Attributes:
    kind: 'image' ([N, H, W] or [N, H, W, C]), 'sequence' (frames [N, T, H, W, C] with a mask) or
      'points' ([N, D]).
    train: the training examples.
    test: the source's own test split, or None to hold out `test_fraction` of `train`.
    levels: quantization levels of integer pixels (e.g. 256 for uint8); 0 for continuous data.
    num_classes: the number of classes when the source knows it, else None (inferred from labels).
  """
  kind: str
  train: Arrays
  test: Arrays | None = None
  levels: int = 0
  num_classes: int | None = None


@dataclasses.dataclass(frozen=True, eq=False)
class Dataset:
  """A preprocessed data set held in memory; arrays are read-only.

  Attributes:
    name: the source string, e.g. 'toy:ring8'.
    kind: 'image', 'sequence' or 'points'.
    train_x: float32; images [N, H, W, C] with C in {1, 3}, sequences [N, T, H, W, C], points [N, D].
    train_y: int32 [N], or None when unlabelled.
    test_x: as `train_x`.
    test_y: as `train_y`.
    num_classes: 0 when unlabelled.
    value_range: the range of x: (0, 1) or (-1, 1) for images, the training bounds for points.
    levels: quantization levels of the raw pixels (256 for MNIST); 0 for continuous data.
    train_mask: bool, shaped like `train_x`, True where observed; None when nothing is missing.
    test_mask: as `train_mask`.
  """
  name: str
  kind: str
  train_x: np.ndarray
  train_y: np.ndarray | None
  test_x: np.ndarray
  test_y: np.ndarray | None
  num_classes: int
  value_range: tuple[float, float]
  levels: int
  train_mask: np.ndarray | None = None
  test_mask: np.ndarray | None = None

  @property
  def shape(self) -> tuple[int, ...]:
    """The shape of one example."""
    return self.train_x.shape[1:]
