"""Two unpaired domains ('pair:BASE:OTHER'): layout, ranges, determinism, disjoint halves, transforms,
two bases."""
import numpy as np
import pytest

from genjax.data import domains, load_dataset, load_domains
from genjax.data.dataset import Arrays, RawData
from genjax.errors import GenjaxError


def numbered_images(num: int) -> RawData:
  """uint8 images [num, 4, 4] with a bar and, at pixel (0, 0), their index, which is also their label."""
  x = np.zeros((num, 4, 4), np.uint8)
  x[:, 0, 0] = np.arange(num)
  x[:, 2, 1:3] = 200
  return RawData(kind='image', train=Arrays(x, np.arange(num)), levels=256)


@pytest.mark.parametrize('value_range, low', [('unit', 0.0), ('signed', -1.0)])
def test_pair_layout_and_range(data_cfg, value_range, low):
  base = load_dataset(data_cfg(source='digits'))
  pair = load_dataset(data_cfg(source='pair:digits:edges', range=value_range))
  assert pair.shape == (8, 8, 2) and pair.num_classes == 10 and pair.value_range == (low, 1.0)
  assert len(pair.train_x) + len(pair.test_x) == (len(base.train_x) + len(base.test_x)) // 2
  assert pair.train_x.min() == low and pair.train_x.max() == 1.0 and not pair.train_x.flags.writeable
  for channel in range(2):
    assert pair.train_x[..., channel].max() == 1.0


def test_pair_is_deterministic(data_cfg):
  first, second = (load_dataset(data_cfg(source='pair:digits:negative')) for _ in range(2))
  np.testing.assert_array_equal(first.train_x, second.train_x)
  np.testing.assert_array_equal(first.test_y, second.test_y)


@pytest.mark.parametrize('transform', domains.TRANSFORMS)
def test_halves_are_disjoint_domain_a_as_is_domain_b_transformed(transform):
  base = numbered_images(101)
  domain_a, domain_b = domains.halves(base, transform, 'test')
  index_a, index_b = domain_a.train.y, domain_b.train.y
  assert len(index_a) == len(index_b) == 50
  assert set(index_a).isdisjoint(index_b) and len(set(index_a) | set(index_b)) == 100
  np.testing.assert_array_equal(domain_a.train.x, base.train.x[index_a])
  np.testing.assert_array_equal(domain_b.train.x, domains.TRANSFORMS[transform](base.train.x[index_b], 256))
  assert not np.array_equal(domain_b.train.x, base.train.x[index_b])


def test_negative_is_exact(data_cfg):
  base = load_dataset(data_cfg(source='digits'))
  pair = load_dataset(data_cfg(source='pair:digits:negative'))
  pool = np.concatenate([base.train_x, base.test_x])[..., 0].reshape(-1, 64)
  negatives = 1.0 - pair.train_x[:40, ..., 1].reshape(-1, 64)
  distance = np.abs(negatives[:, None] - pool[None]).max(axis=-1).min(axis=1)
  np.testing.assert_allclose(distance, 0.0, atol=1e-6)
  raw = numbered_images(4).train.x
  np.testing.assert_array_equal(domains.negative(raw, 256), 255 - raw)


def test_rotated_turns_each_image_a_quarter():
  raw = numbered_images(5).train.x
  turned = domains.rotated(raw, 256)
  np.testing.assert_array_equal(turned[:, 3, 0], raw[:, 0, 0])  # top-left corner to bottom-left
  np.testing.assert_array_equal(domains.rotated(domains.rotated(turned, 256), 256)[:, 0, 3], raw[:, 0, 0])
  assert sorted(turned[0].ravel()) == sorted(raw[0].ravel())


def test_two_bases_pair_digits_with_mnist(data_cfg, fake_mnist):
  with pytest.raises(GenjaxError, match=r'set data.resize'):
    load_dataset(data_cfg(source='pair:digits:mnist'))
  cfg = data_cfg(source='pair:digits:mnist', resize=28)
  pair = load_dataset(cfg)
  digits, mnist = load_domains(cfg)
  assert pair.shape == (28, 28, 2) and digits.shape == mnist.shape == (28, 28, 1)
  # 1,797 digits against 300 fake MNIST images: both cut to MNIST's 270 / 30 of its split.
  assert len(pair.train_x) == len(digits.train_y) == len(mnist.train_y) == 270
  assert len(pair.test_x) == len(mnist.test_x) == 30
  np.testing.assert_array_equal(pair.train_x[..., 1:], mnist.train_x)
  np.testing.assert_array_equal(pair.test_y, digits.test_y)
  whole_mnist = load_dataset(data_cfg(source='mnist'))
  np.testing.assert_array_equal(mnist.test_y, whole_mnist.test_y)


def test_load_domains_keeps_the_labels_of_each_half(data_cfg):
  domain_a, domain_b = load_domains(data_cfg(source='pair:digits:negative'))
  base = load_dataset(data_cfg(source='digits'))
  pool = np.concatenate([base.train_x, base.test_x]).reshape(-1, 64)
  labels = np.concatenate([base.train_y, base.test_y])
  for domain, as_base in ((domain_a, domain_a.train_x), (domain_b, 1.0 - domain_b.train_x)):
    nearest = np.abs(as_base[:50].reshape(-1, 64)[:, None] - pool[None]).max(-1).argmin(1)
    np.testing.assert_array_equal(labels[nearest], domain.train_y[:50])
  with pytest.raises(GenjaxError, match='holds one domain'):
    load_domains(data_cfg(source='digits'))


def test_edges_mark_where_the_image_changes():
  image = np.zeros((1, 8, 8), np.uint8)
  image[0, 2:6, 2:6] = 16
  edge = domains.edges(image, 17)[0]
  assert edge.dtype == np.uint8 and edge.max() == 16
  assert edge[0, 0] == 0 and edge[4, 4] == 0 and edge[2, 4] > 0  # flat, flat, on the square's border
  assert domains.edges(np.zeros((1, 8, 8), np.uint8), 17).max() == 0


@pytest.mark.parametrize('source, message', [
    ('pair:digits:blur', "second domain 'blur' is not one of edges, negative, rotated, digits, mnist"),
    ('pair:cifar:edges', "pairs take 'digits' or 'mnist'"),
])
def test_bad_pair_sources(data_cfg, source, message):
  with pytest.raises(GenjaxError, match=message):
    load_dataset(data_cfg(source=source))
