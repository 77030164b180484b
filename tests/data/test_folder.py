"""The folder: source on real PNG and JPEG files: labels from class subfolders, channels, random
access, varying sizes, and the one-line refusals."""
import pickle

import grain
import numpy as np
import pytest
from PIL import Image

from genjax.data import ExampleSource, load_dataset, open_image_set
from genjax.errors import GenjaxError


def _save(path, pixels, **options):
  path.parent.mkdir(parents=True, exist_ok=True)
  Image.fromarray(pixels).save(path, **options)


def _noise(seed, shape):
  return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


@pytest.fixture
def classes(tmp_path):
  """cat/ with 3 RGB PNGs, dog/ with 2 (one RGBA, one palette), each 6x5; pixels by (class, index)."""
  root = tmp_path / 'pets'
  images = {}
  for label, (name, count) in enumerate([('cat', 3), ('dog', 2)]):
    for i in range(count):
      images[name, i] = _noise(10 * label + i, (6, 5, 3))
      _save(root / name / f'{i}.png', images[name, i])
  rgba = np.concatenate([images['dog', 0], np.full((6, 5, 1), 7, np.uint8)], axis=-1)
  _save(root / 'dog' / '0.png', rgba)
  palette = Image.fromarray(images['dog', 1]).quantize(16)
  palette.save(root / 'dog' / '1.png')
  images['dog', 1] = np.asarray(palette.convert('RGB'))
  (root / 'notes.txt').write_text('not an image')  # Ignored: not .png/.jpg/.jpeg.
  (root / '.thumbnails').mkdir()  # Ignored: hidden.
  return root, images


def test_class_subfolders_give_sorted_labels_and_rgb(classes, data_cfg):
  root, images = classes
  image_set = open_image_set(data_cfg(source=f'folder:{root}'))
  assert image_set.shape == (6, 5, 3) and image_set.num_classes == 2 and image_set.levels == 256
  assert image_set.test is None and len(image_set.train) == 5 and isinstance(image_set.train, ExampleSource)
  examples = image_set.train.__getitems__([4, 0, 3])
  assert [e['label'] for e in examples] == [1, 0, 1]
  for example, key in zip(examples, [('dog', 1), ('cat', 0), ('dog', 0)]):
    assert example['image'].dtype == np.uint8
    np.testing.assert_array_equal(example['image'], images[key])  # RGBA and palette converted to RGB


def test_images_directly_in_the_folder_are_unlabelled_and_grayscale_stays_one_channel(tmp_path, data_cfg):
  for i in range(10):
    _save(tmp_path / f'{i:02d}.png', _noise(i, (4, 4)))
  _save(tmp_path / '10.png', _noise(10, (4, 4)) > 128)  # mode '1'
  data = load_dataset(data_cfg(source=f'folder:{tmp_path}', test_fraction=0.25))
  assert data.shape == (4, 4, 1) and data.num_classes == 0 and data.train_y is None
  assert len(data.train_x) == 8 and len(data.test_x) == 3
  image_set = open_image_set(data_cfg(source=f'folder:{tmp_path}'))
  np.testing.assert_array_equal(image_set.train[3]['image'][..., 0], _noise(3, (4, 4)))
  assert set(np.unique(image_set.train[10]['image'])) <= {0, 255}
  assert 'label' not in image_set.train[0]


def test_a_folder_of_grayscale_and_colour_images_is_rgb(tmp_path, data_cfg):
  gray, colour = _noise(0, (3, 3)), _noise(1, (3, 3, 3))
  _save(tmp_path / 'a.png', gray)
  _save(tmp_path / 'b.png', colour)
  image_set = open_image_set(data_cfg(source=f'folder:{tmp_path}'))
  assert image_set.shape == (3, 3, 3)
  np.testing.assert_array_equal(image_set.train[0]['image'], np.repeat(gray[..., None], 3, axis=-1))


def test_jpeg_files_decode_close_to_what_was_saved(tmp_path, data_cfg):
  smooth = np.broadcast_to(np.linspace(0, 255, 16, dtype=np.uint8)[None, :, None], (16, 16, 3)).copy()
  _save(tmp_path / 'a' / 'x.jpg', smooth, quality=95)
  _save(tmp_path / 'b' / 'y.JPEG', smooth[..., 0], quality=95)
  image_set = open_image_set(data_cfg(source=f'folder:{tmp_path}'))
  assert image_set.shape == (16, 16, 3) and image_set.num_classes == 2
  for example in image_set.train.__getitems__([0, 1]):
    assert np.abs(example['image'].astype(int) - smooth).max() <= 8


def test_a_folder_source_pickles_and_grain_reads_it(classes, data_cfg):
  root, images = classes
  source = open_image_set(data_cfg(source=f'folder:{root}')).train
  copy = pickle.loads(pickle.dumps(source))
  np.testing.assert_array_equal(copy[2]['image'], images['cat', 2])
  assert str(root) in repr(source) and len(repr(source)) < 200
  dataset = grain.MapDataset.source(source).map(lambda e: e['image'].mean())
  assert len(dataset) == 5 and dataset[1] == pytest.approx(images['cat', 1].mean())


def test_images_of_varying_size_need_a_crop_or_resize(tmp_path, data_cfg):
  _save(tmp_path / 'wide.png', _noise(0, (6, 10, 3)))
  _save(tmp_path / 'tall.png', _noise(1, (12, 8, 3)))
  for i in range(8):
    _save(tmp_path / f'{i}.png', _noise(i, (6, 6, 3)))
  cfg = data_cfg(source=f'folder:{tmp_path}')
  assert open_image_set(cfg).shape == (None, None, 3)
  with pytest.raises(GenjaxError, match='varying size; set data.center_crop or data.resize') as info:
    load_dataset(cfg)
  assert '\n' not in str(info.value)
  assert load_dataset(data_cfg(source=f'folder:{tmp_path}', resize=4)).shape == (4, 4, 3)
  cropped = load_dataset(data_cfg(source=f'folder:{tmp_path}', center_crop=6, range='unit'))
  pixels = np.concatenate([cropped.train_x, cropped.test_x]) * 255
  assert cropped.shape == (6, 6, 3)
  assert any(np.allclose(image, _noise(1, (12, 8, 3))[3:9, 1:7]) for image in pixels)


@pytest.mark.parametrize('make, problem', [
    (lambda root: root.mkdir(), 'no PNG or JPEG images'),
    (lambda root: (root / 'a').mkdir(parents=True), 'the class folder .*a holds no PNG or JPEG images'),
    (lambda root: (_save(root / 'x.png', _noise(0, (2, 2))), (root / 'sub').mkdir()), 'holds images and subfolders'),
    (lambda root: (root.mkdir(), (root / 'bad.png').write_bytes(b'not a png')), 'bad.png: not a readable PNG or JPEG'),
    (lambda root: (root.mkdir(), Image.fromarray(np.zeros((2, 2), np.uint16)).save(root / 'deep.png')),
     'deep.png: I;16 pixels'),
    (lambda root: None, 'no such directory'),
])
def test_bad_folders_are_refused_in_one_line_naming_the_file(tmp_path, data_cfg, make, problem):
  root = tmp_path / 'images'
  make(root)
  with pytest.raises(GenjaxError, match=problem) as info:
    load_dataset(data_cfg(source=f'folder:{root}'))
  assert '\n' not in str(info.value)


def test_a_file_damaged_after_opening_is_named_when_read(tmp_path, data_cfg):
  for i in range(3):
    _save(tmp_path / f'{i}.png', _noise(i, (8, 8, 3)))
  source = open_image_set(data_cfg(source=f'folder:{tmp_path}')).train
  data = (tmp_path / '1.png').read_bytes()
  (tmp_path / '1.png').write_bytes(data[:len(data) // 2])  # The header survives, the pixels do not.
  np.testing.assert_array_equal(source[0]['image'], _noise(0, (8, 8, 3)))
  with pytest.raises(GenjaxError, match='1.png: not a readable PNG or JPEG'):
    source[1]
