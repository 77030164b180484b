"""Feature extractors for sample-quality metrics: a trained genjax classifier run (MNIST-scale
images) or InceptionV3 (natural images). Each maps images to (features, class probabilities),
batch by batch, so the metrics do not depend on the extraction batch size."""
import jax
import numpy as np

from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.classifier import Classifier
from genjax.metrics.inception_features import InceptionFeatures

BATCH = 500


def make_extractor(spec: DataSpec, classifier: str = '', inception_weights: str = ''):
  """The feature extractor for `spec`'s examples: a classifier run's (`classifier`, its workdir) or
  InceptionV3 (`inception_weights`, an .npz), checked against `spec`; None when neither is named."""
  if classifier:
    extractor = ClassifierFeatures(classifier)
  elif inception_weights:
    extractor = InceptionFeatures(inception_weights)
  else:
    return None
  extractor.check(spec)
  return extractor


class ClassifierFeatures:
  """Penultimate features and softmax of a classifier run (`genjax train --config configs/classifier_*.py`).

  On stacked images (C channels, each an image the classifier knows) it runs channel by channel:
  the features are concatenated and the class probabilities multiplied into the joint ones over
  num_classes^C classes (the stacked-MNIST practice of labelling each channel).
  """

  def __init__(self, workdir: str):
    from genjax.runs.directory import load_run_config
    from genjax.runs.latest import load_latest  # A run's restore lives with the sampler.
    self.method, self.state, self.spec, _ = load_latest(workdir)
    self.source = load_run_config(workdir).data.source  # the data source it was trained on
    if not isinstance(self.method, Classifier):
      raise GenjaxError(f'--classifier {workdir} is not a classifier run')
    self.name = f'classifier:{workdir}'
    self._predict = jax.jit(self.method.predict)

  def check(self, spec: DataSpec) -> None:
    (height, width, channels), known = spec.shape, self.spec.shape
    if (height, width) != tuple(known[:2]) or channels % known[2]:
      raise GenjaxError(f'the classifier was trained on {known} images, this run makes {spec.shape}')

  def feature_dim(self, spec: DataSpec) -> int:
    """The length of a feature vector of `spec`'s images: the penultimate width times the images it
    stacks (channels of `spec` / channels of the classifier's)."""
    example = jax.ShapeDtypeStruct((1, *self.spec.shape), np.float32)
    width = jax.eval_shape(self.method.predict, self.state, example)['features'].shape[-1]
    return width * (spec.shape[-1] // self.spec.shape[-1])

  def __call__(self, images: np.ndarray, value_range: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Features and probabilities of `images`, mapped from `value_range` to the classifier's."""
    images = rescale(images, value_range, self.spec.value_range)
    step = self.spec.shape[-1]
    per_channel = [self._predict_all(images[..., c:c + step]) for c in range(0, images.shape[-1], step)]
    features = np.concatenate([f for f, _ in per_channel], axis=-1)
    probs = per_channel[0][1]
    for _, channel_probs in per_channel[1:]:
      probs = (probs[:, :, None] * channel_probs[:, None, :]).reshape(len(images), -1)
    return features, probs

  def _predict_all(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
