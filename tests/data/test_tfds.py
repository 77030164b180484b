"""The tfds: source, on tiny builders prepared offline (Tensor features need no TensorFlow)."""
import pathlib

import numpy as np
import pytest
import tensorflow_datasets as tfds

from genjax.data import load_dataset
from genjax.errors import GenjaxError


class Tiny(tfds.core.GeneratorBasedBuilder, skip_registration=True):
  """Images i + j (mod 256) for the i-th example; labels i mod 3 of 5 classes."""
  VERSION = tfds.core.Version('1.0.0')
  # tfds 4.9.10 finds the checksums file of a builder defined in a package module (as pytest's
  # importlib mode makes this one) through `importlib_resources`, a backport only installed on
  # Python < 3.9; this builder downloads nothing, so it needs no checksums file.
  code_path = None
  SPLITS = {'train': 20, 'test': 8}
  IMAGE = tfds.features.Tensor(shape=(4, 3, 1), dtype=np.uint8)
  LABELLED = True

  def _info(self) -> tfds.core.DatasetInfo:
    features = {'image': self.IMAGE}
    if self.LABELLED:
      features['label'] = tfds.features.ClassLabel(num_classes=5)
    return tfds.core.DatasetInfo(builder=self, features=tfds.features.FeaturesDict(features))

  def _split_generators(self, dl_manager):
    return {split: self._generate_examples(n) for split, n in self.SPLITS.items()}

  def _generate_examples(self, n):
    shape, dtype = self.IMAGE.shape, self.IMAGE.np_dtype
    for i in range(n):
      image = (i + np.arange(np.prod(shape)).reshape(shape)) % 256
      image = image / 255 if np.issubdtype(dtype, np.floating) else image
      example = {'image': image.astype(dtype)}
      if self.LABELLED:
        example['label'] = i % 3
      yield i, example


class TinyTrainOnly(Tiny, skip_registration=True):
  SPLITS = {'train': 40}
  IMAGE = tfds.features.Tensor(shape=(5, 5), dtype=np.float32)
  LABELLED = False


@pytest.fixture(scope='module')
def tfds_dir(tmp_path_factory) -> pathlib.Path:
  folder = tmp_path_factory.mktemp('tfds')
  for builder in (Tiny, TinyTrainOnly):
    builder(data_dir=folder, file_format='array_record').download_and_prepare()
  return folder


def test_prepared_data_set_with_test_split(tfds_dir, monkeypatch, data_cfg):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  data = load_dataset(data_cfg(source='tfds:tiny', range='signed'))
  assert data.train_x.shape == (20, 4, 3, 1) and data.test_x.shape == (8, 4, 3, 1)
  assert data.levels == 256 and data.num_classes == 5 and data.value_range == (-1.0, 1.0)
  first_pixels = np.rint((data.train_x[:, 0, 0, 0] + 1) / 2 * 255)
  assert sorted(first_pixels) == list(range(20))
  np.testing.assert_array_equal(data.train_y, first_pixels.astype(int) % 3)


def test_prepared_data_set_without_test_split_or_labels(tfds_dir, monkeypatch, data_cfg):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  data = load_dataset(data_cfg(source='tfds:tiny_train_only', test_fraction=0.25, resize=3))
  assert data.train_x.shape == (30, 3, 3, 1) and data.test_x.shape == (10, 3, 3, 1)
  assert data.levels == 0 and data.num_classes == 0 and data.train_y is None


@pytest.mark.parametrize('name', ['not_there', 'mnist'])
def test_not_prepared_names_the_data_set_folder_and_manual_dir(
    tfds_dir, monkeypatch, data_cfg, name):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  with pytest.raises(GenjaxError) as info:
    load_dataset(data_cfg(source=f'tfds:{name}'))
  message = str(info.value)
  assert name in message and str(tfds_dir) in message and 'manual_dir' in message
  assert '\n' not in message
