"""The labelled examples of semi-supervised training (the adversarial autoencoder of Makhzani et al.
2016, Sec. 5).

A fixed, class-balanced subset of the training set keeps its labels; the labels of all other
examples go unused. The subset depends only on the training labels, its size and a seed: the
trainer chooses it once and hands it to the method, which draws a batch of it each step.
"""
import dataclasses

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np

from genjax.core.rng import streams
from genjax.data.dataset import Dataset
from genjax.data.transforms import batch_transform
from genjax.errors import GenjaxError


def labelled_subset(labels: np.ndarray, num_labels: int, num_classes: int, seed: int) -> np.ndarray:
  """Sorted indices of `num_labels` examples, num_labels / num_classes of each class: the first
  examples of each class in the permutation of the training set seeded by `seed`."""
  if num_labels < num_classes or num_labels % num_classes:
    raise GenjaxError(f'model.num_labels must be a positive multiple of the {num_classes} classes, '
                      f'got {num_labels}')
  per_class = num_labels // num_classes
  order = np.random.default_rng(seed).permutation(len(labels))
  chosen = []
  for label in range(num_classes):
    of_class = order[labels[order] == label][:per_class]
    if len(of_class) < per_class:
      raise GenjaxError(f'model.num_labels {num_labels} needs {per_class} examples of class {label}; '
                        f'the training set has {len(of_class)}')
    chosen.append(of_class)
  return np.sort(np.concatenate(chosen))


@dataclasses.dataclass(frozen=True, eq=False)
class LabelledExamples:
  """The labelled subset, and what the run's per-batch transform (`batch_transform`) needs to
  transform a batch drawn of it as the trainer transforms its own batches."""
  x: np.ndarray
  y: np.ndarray
  data_cfg: ml_collections.ConfigDict
  levels: int
  value_range: tuple[float, float]

  def draw(self, key: jax.Array, num: int) -> tuple[jax.Array, jax.Array]:
    """(x, y) of `num` examples drawn uniformly at random, x transformed; jittable."""
    pick_key, transform_key = streams(key, 'pick', 'transform')
    chosen = jax.random.randint(pick_key, (num,), 0, len(self.y))
    x = batch_transform(jnp.asarray(self.x)[chosen], transform_key, self.data_cfg, self.levels,
                        self.value_range)
    return x, jnp.asarray(self.y)[chosen]


def labelled_examples(dataset: Dataset, data_cfg: ml_collections.ConfigDict, num_labels: int,
                      seed: int) -> LabelledExamples:
  """The labelled subset (`labelled_subset`) of `dataset`'s training set, which `data_cfg` (the
  run's config.data) loaded."""
  if dataset.train_y is None:
    raise GenjaxError(f'semi-supervised training needs labelled data; {dataset.name} has no labels')
  chosen = labelled_subset(dataset.train_y, num_labels, dataset.num_classes, seed)
  return LabelledExamples(dataset.decode(dataset.train_raw[chosen]), dataset.train_y[chosen], data_cfg, dataset.levels,
                          dataset.value_range)
