"""A small convolutional digit classifier: the domain feature extractor for MNIST-scale metrics."""
from collections.abc import Sequence

import flax.linen as nn
import jax
from flax.typing import Dtype


class ConvClassifier(nn.Module):
  """[B, H, W, C] -> {'features': [B, dense], 'logits': [B, num_classes]}.

  Two 3x3 conv + ReLU layers per width in `features`, each pair followed by 2x2 max pooling,
  then a dense ReLU layer of `dense` units (its activations are the penultimate features used
  for "FID (classifier features)") with dropout before the logits.
  """
  num_classes: int
  features: Sequence[int] = (16, 32)
  dense: int = 128
  dropout: float = 0.3
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> dict[str, jax.Array]:
    for width in self.features:
      x = nn.relu(nn.Conv(width, (3, 3), dtype=self.dtype)(x))
      x = nn.relu(nn.Conv(width, (3, 3), dtype=self.dtype)(x))
      x = nn.max_pool(x, (2, 2), strides=(2, 2), padding='SAME')
    features = nn.relu(nn.Dense(self.dense, dtype=self.dtype)(x.reshape(x.shape[0], -1)))
    dropped = nn.Dropout(self.dropout, deterministic=not train)(features)
    return {'features': features, 'logits': nn.Dense(self.num_classes, dtype=self.dtype)(dropped)}
