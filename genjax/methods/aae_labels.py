"""The labelled examples of the semi-supervised adversarial autoencoder (Makhzani et al. 2016, Sec. 5).

A fixed, class-balanced subset of the training set keeps its labels; the labels of all other
examples go unused. The subset depends only on the training labels, its size and a seed.
"""
import ml_collections
import numpy as np

from genjax.data import load_dataset
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


def labelled_examples(data_cfg: ml_collections.ConfigDict, num_labels: int,
                      seed: int) -> dict[str, np.ndarray]:
  """{'x', 'y'} of the labelled subset of the training set that `data_cfg` (the run's config.data) loads."""
  dataset = load_dataset(data_cfg)
  if dataset.train_y is None:
    raise GenjaxError(f'the semi-supervised AAE needs labelled data; {dataset.name} has no labels')
  chosen = labelled_subset(dataset.train_y, num_labels, dataset.num_classes, seed)
  return {'x': dataset.train_x[chosen], 'y': dataset.train_y[chosen]}
