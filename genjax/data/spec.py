"""What a method needs to know of its data, without the data: recorded in every checkpoint."""
import dataclasses

import numpy as np

from genjax.data.dataset import decode


@dataclasses.dataclass(frozen=True)
class DataSpec:
  kind: str                          # 'image', 'sequence' or 'points'
  shape: tuple[int, ...]             # one example's shape: (H, W, C), (T, H, W, C) or (D,)
  value_range: tuple[float, float]
  num_classes: int                   # 0 when unlabelled
  levels: int                        # quantization levels of raw pixels; 0 for points

  def to_json(self) -> dict:
    return dataclasses.asdict(self)

  @classmethod
  def from_json(cls, record: dict) -> 'DataSpec':
    return cls(kind=record['kind'], shape=tuple(record['shape']),
               value_range=tuple(record['value_range']), num_classes=record['num_classes'],
               levels=record['levels'])

  @classmethod
  def of(cls, dataset) -> 'DataSpec':
    return cls(kind=dataset.kind, shape=tuple(dataset.shape),
               value_range=tuple(float(v) for v in dataset.value_range),
               num_classes=dataset.num_classes, levels=dataset.levels)

  def decode(self, raw):
    """Stored examples (uint8 pixels, float points) as the float32 batch a method sees."""
    return decode(raw, self.kind, self.levels, self.value_range)

  def example_batch(self, num: int) -> dict:
    """Zeros shaped like a batch of `num` examples: what `Method.init` reads shapes from."""
    batch = {'x': np.zeros((num, *self.shape), np.float32)}
    if self.num_classes:
      batch['y'] = np.zeros((num,), np.int32)
    if self.kind == 'sequence':
      batch['mask'] = np.ones((num, *self.shape), bool)
    return batch
