"""Feature extractors for sample-quality metrics: a trained genjax classifier run (MNIST-scale
images) or InceptionV3 (natural images). Each maps images to (features, class probabilities),
batch by batch, so the metrics do not depend on the extraction batch size."""
import jax
import numpy as np

from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError

BATCH = 500


class ClassifierFeatures:
  """Penultimate features and softmax of a classifier run (`genjax train --config configs/classifier_*.py`)."""

  def __init__(self, workdir: str):
    from genjax.sampling import restore_latest  # A run's restore lives with the sampler.
    self.method, self.state, self.spec, _ = restore_latest(workdir)
    if getattr(self.method, 'generative', True):
      raise GenjaxError(f'--classifier {workdir} is not a classifier run')
    self.name = f'classifier:{workdir}'
    self._predict = jax.jit(self.method.predict)

  def check(self, spec: DataSpec) -> None:
    if tuple(spec.shape) != tuple(self.spec.shape):
      raise GenjaxError(f'the classifier was trained on {self.spec.shape} images, this run makes {spec.shape}')

  def __call__(self, images: np.ndarray, value_range: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Features and probabilities of `images`, mapped from `value_range` to the classifier's."""
    images = rescale(images, value_range, self.spec.value_range)
    outputs = [jax.device_get(self._predict(self.state, images[i:i + BATCH]))
               for i in range(0, len(images), BATCH)]
    return (np.concatenate([o['features'] for o in outputs]),
            np.concatenate([o['probs'] for o in outputs]))


def rescale(images: np.ndarray, source: tuple[float, float], target: tuple[float, float]) -> np.ndarray:
  """Pixel values mapped linearly from the range `source` to the range `target`."""
  if tuple(source) == tuple(target):
    return images
  (a, b), (c, d) = source, target
  return ((images - a) * ((d - c) / (b - a)) + c).astype(np.float32)
