"""The tfds: source, on tiny builders prepared offline as array_record: Tensor features, and Image
features given as PNG bytes, need no TensorFlow to prepare or to read."""
import io
import json
import pathlib
import pickle

import grain
import numpy as np
import pytest
import tensorflow_datasets as tfds
from PIL import Image

from genjax.data import load_dataset, open_image_set
from genjax.data.tfds_reader import tfrecord_message
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


def photo(i: int) -> np.ndarray:
  """The i-th image of `Photos`: (5 + i % 3) x 6 RGB noise."""
  return np.random.default_rng(i).integers(0, 256, (5 + i % 3, 6, 3), dtype=np.uint8)


class Photos(tfds.core.GeneratorBasedBuilder, skip_registration=True):
  """PNG-encoded RGB images of varying height, labels i mod 3; splits 'train' and 'validation'."""
  VERSION = tfds.core.Version('1.0.0')
  code_path = None

  def _info(self) -> tfds.core.DatasetInfo:
    return tfds.core.DatasetInfo(builder=self, features=tfds.features.FeaturesDict({
        'image': tfds.features.Image(shape=(None, None, 3)), 'label': tfds.features.ClassLabel(num_classes=3),
        'caption': tfds.features.Text()}))

  def _split_generators(self, dl_manager):
    return {'train': self._generate_examples(range(12)), 'validation': self._generate_examples(range(12, 16))}

  def _generate_examples(self, indices):
    for i in indices:
      png = io.BytesIO()
      Image.fromarray(photo(i)).save(png, format='PNG')
      yield i, {'image': png.getvalue(), 'label': i % 3, 'caption': f'photo {i}'}


class TinyTfrecord(Tiny, skip_registration=True):
  """Tiny as TFDS leaves a set prepared as TFRecord (see `tfds_dir`)."""


@pytest.fixture(scope='module')
def tfds_dir(tmp_path_factory) -> pathlib.Path:
  folder = tmp_path_factory.mktemp('tfds')
  for builder in (Tiny, TinyTrainOnly, Photos, TinyTfrecord):
    builder(data_dir=folder, file_format='array_record').download_and_prepare()
  # Writing TFRecord files needs TensorFlow; a set prepared as TFRecord differs from an array_record one
  # in its dataset_info.json's file format (and its shards' names, which the refusal never reads).
  version = folder / 'tiny_tfrecord' / '1.0.0'
  info = json.loads((version / 'dataset_info.json').read_text())
  (version / 'dataset_info.json').write_text(json.dumps({**info, 'fileFormat': 'tfrecord'}))
  for shard in version.glob('*.array_record-*'):
    shard.rename(shard.with_name(shard.name.replace('.array_record-', '.tfrecord-')))
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


def test_image_features_decode_without_tensorflow_at_any_size(tfds_dir, monkeypatch, data_cfg):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  image_set = open_image_set(data_cfg(source='tfds:photos'))
  assert image_set.shape == (None, None, 3) and image_set.num_classes == 3 and image_set.levels == 256
  assert (len(image_set.train), len(image_set.test)) == (12, 4)  # 'validation' is held out: there is no 'test'
  examples = image_set.train.__getitems__(range(12))
  assert all(set(e) == {'image', 'label'} for e in examples)  # the caption is left out
  assert ({(e['label'], e['image'].shape, e['image'].tobytes()) for e in examples}
          == {(i % 3, photo(i).shape, photo(i).tobytes()) for i in range(12)})
  with pytest.raises(GenjaxError, match='tfds:photos: images of varying size; set data.center_crop'):
    load_dataset(data_cfg(source='tfds:photos'))
  data = load_dataset(data_cfg(source='tfds:photos', center_crop=5, range='unit'))
  assert data.shape == (5, 5, 3) and len(data.train_x) == 12 and len(data.test_x) == 4
  crops = {tuple(photo(i)[(photo(i).shape[0] - 5) // 2:][:5, :5].ravel()) for i in range(12, 16)}
  assert {tuple(np.rint(x * 255).astype(np.uint8).ravel()) for x in data.test_x} == crops


def test_a_tfds_source_pickles_and_grain_reads_it(tfds_dir, monkeypatch, data_cfg):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  source = open_image_set(data_cfg(source='tfds:tiny')).train
  copy = pickle.loads(pickle.dumps(source))
  np.testing.assert_array_equal(copy[3]['image'], source[3]['image'])
  dataset = grain.MapDataset.source(source).map(lambda e: e['label'])
  assert [dataset[i] for i in range(len(dataset))] == [source[i]['label'] for i in range(20)]


@pytest.mark.parametrize('source, split, sizes', [
    ('tfds:tiny:train[:5]', '', (5, 8)),
    ('tfds:tiny', 'train[:5]', (5, 8)),
    ('tfds:tiny:train[:5]', 'train[:5]', (5, 8)),
    ('tfds:tiny:test', '', (8, None)),  # its own test split trains: nothing else is held out
    ('tfds:photos:train+validation', '', (16, None)),
    ('tfds:photos:validation', '', (4, None)),
])
def test_any_split_trains_and_the_usual_test_split_is_held_out(tfds_dir, monkeypatch, data_cfg, source, split, sizes):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  image_set = open_image_set(data_cfg(source=source, split=split))
  assert (len(image_set.train), image_set.test and len(image_set.test)) == sizes


@pytest.mark.parametrize('source, split, problem', [
    ('tfds:tiny:train', 'test', "names split 'train' but data.split is 'test'"),
    ('tfds:tiny:nope', '', "tfds:tiny: Unknown split 'nope'"),
    ('tfds:tiny:train[x]', '', "tfds:tiny: Error parsing split 'train\\[x\\]'"),
    ('digits', 'train', "data.split 'train' picks a split of a tfds: source, not of digits"),
])
def test_bad_splits_are_refused_in_one_line(tfds_dir, monkeypatch, data_cfg, source, split, problem):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  with pytest.raises(GenjaxError, match=problem) as info:
    open_image_set(data_cfg(source=source, split=split))
  assert '\n' not in str(info.value)


def test_a_set_prepared_as_tfrecord_is_refused_with_the_command_that_prepares_it_again(
    tfds_dir, monkeypatch, data_cfg):
  monkeypatch.setenv('TFDS_DATA_DIR', str(tfds_dir))
  with pytest.raises(GenjaxError) as info:
    load_dataset(data_cfg(source='tfds:tiny_tfrecord'))
  message = str(info.value)
  assert message == tfrecord_message('tiny_tfrecord') and '\n' not in message
  assert 'TFRecord' in message and f"data_dir={str(tfds_dir)!r}" in message and 'TensorFlow once' in message
  assert "tfds.builder('tiny_tfrecord', data_dir=" in message and "download_and_prepare(file_format='array_record'" in message


def test_a_set_not_prepared_is_looked_up_without_absl_warnings(tmp_path, monkeypatch, caplog):
  """TFDS warns through absl about the version folder of a set it does not find prepared; genjax's
  own one-line error says what is missing, so nothing else reaches the terminal."""
  from genjax.data.tfds_reader import prepared_builder
  monkeypatch.setenv('TFDS_DATA_DIR', str(tmp_path))
  with caplog.at_level('WARNING'):
    assert prepared_builder('mnist') is None
  assert not [record for record in caplog.records if record.name == 'absl'], caplog.text
