"""The arrays a source yields (`RawData`) and the preprocessed data set a trainer consumes."""
import dataclasses

import jax.numpy as jnp
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
  """A preprocessed data set held in memory, in its stored dtype; arrays are read-only.

  Images keep their raw pixels (uint8 for 8-bit data: 4x less memory than float32 on the host and
  on the devices); `decode` maps them to float32 in `value_range`, which the train step does per
  batch and `train_x` / `test_x` do for a whole split.

  Attributes:
    name: the source string, e.g. 'toy:ring8'.
    kind: 'image', 'sequence' or 'points'.
    train_raw: images [N, H, W, C] with C in {1, 3} (or sequences [N, T, H, W, C]) as integer
      pixels in [0, levels) or floats in [0, 1]; points float32 [N, D].
    train_y: int32 [N], or None when unlabelled.
    test_raw: as `train_raw`.
    test_y: as `train_y`.
    num_classes: 0 when unlabelled.
    value_range: the range of decoded x: (0, 1) or (-1, 1) for images, the training bounds for points.
    levels: quantization levels of the raw pixels (256 for MNIST); 0 for continuous data.
    train_mask: bool, shaped like `train_raw`, True where observed; None when nothing is missing.
    test_mask: as `train_mask`.
  """
  name: str
  kind: str
  train_raw: np.ndarray
  train_y: np.ndarray | None
  test_raw: np.ndarray
  test_y: np.ndarray | None
  num_classes: int
  value_range: tuple[float, float]
  levels: int
  train_mask: np.ndarray | None = None
  test_mask: np.ndarray | None = None

  @property
  def shape(self) -> tuple[int, ...]:
    """The shape of one example."""
    return self.train_raw.shape[1:]

  @property
  def train_x(self) -> np.ndarray:
    """The training examples decoded to float32 (a new array each time: index `train_raw` first
    where only some are needed)."""
    return _read_only(self.decode(self.train_raw))

  @property
  def test_x(self) -> np.ndarray:
    """The held-out examples decoded to float32."""
    return _read_only(self.decode(self.test_raw))

  def decode(self, raw):
    """Stored examples (numpy, or jax inside a step) as float32 in `value_range`."""
    return decode(raw, self.kind, self.levels, self.value_range)


def _read_only(x: np.ndarray) -> np.ndarray:
  x.setflags(write=False)
  return x


def decode(raw, kind: str, levels: int, value_range: tuple[float, float]):
  """Stored examples as float32 in `value_range`: integer pixel v becomes low + (high - low) *
  v / (levels - 1), through a table of the `levels` values computed on the host, so the device
  gives the very floats numpy does (XLA:CPU divides by a reciprocal, off by 1 ulp for half the
  levels). Float pixels in [0, 1] are mapped linearly; points are already floats."""
  if kind == 'points':
    return raw
  low, high = value_range
  if np.issubdtype(raw.dtype, np.integer):
    unit = np.arange(levels, dtype=np.float32)
    unit /= levels - 1
    table = (low + (high - low) * unit).astype(np.float32)
    return table[raw] if isinstance(raw, np.ndarray) else jnp.asarray(table)[raw]
  return (low + (high - low) * raw).astype(np.float32)
