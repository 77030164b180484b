"""InceptionV3 for FID/IS: architecture, weight loading, preprocessing and batched features.

No public weights here: the network runs on random weights, at most at batch 3 (CPU-heavy).
"""
import contextlib
import math

import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import traverse_util
from PIL import Image

from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.metrics.inception_features import (InceptionFeatures, expected_shapes, extract_features,
                                               load_inception_params, preprocess,
                                               save_inception_params)
from genjax.nets.inception import InceptionV3

# Keras' InceptionV3 (1000 classes, batch norm without scale) has 23,817,352 trainable and 34,432
# non-trainable (moving mean and variance) weights. The FID network adds the 17,216 batch-norm
# scales of pytorch-fid's state dict and 8 classes (1008, as the TF graph) of 2048 weights + bias.
# Equally: torchvision's 27,161,264 (aux head included) - 3,326,696 (aux head) + 16,392 (8 classes).
BN_CHANNELS = 34_432 // 2
NUM_PARAMS = 23_817_352 + BN_CHANNELS + 8 * (2048 + 1)


@pytest.fixture(scope='module')
def abstract_variables():
  return jax.eval_shape(InceptionV3().init, jax.random.key(0), jnp.zeros((1, 299, 299, 3)))


@contextlib.contextmanager
def _one_line_error(match: str):
  with pytest.raises(GenjaxError, match=match) as info:
    yield
  assert '\n' not in str(info.value)


@pytest.mark.parametrize('batch', [1, 3])
def test_output_shapes(abstract_variables, batch):
  out = jax.eval_shape(lambda v, x: InceptionV3().apply(v, x), abstract_variables,
                       jnp.zeros((batch, 299, 299, 3)))
  chex.assert_shape([out['pool3'], out['logits']], [(batch, 2048), (batch, 1008)])


def test_grid_sizes_after_each_stage(abstract_variables):
  """35x35x288 after Mixed_5d, 17x17x768 after Mixed_6e, 8x8x2048 after Mixed_7c."""
  stages = {'Mixed_5d': (35, 35, 288), 'Mixed_6e': (17, 17, 768), 'Mixed_7c': (8, 8, 2048)}

  def intermediates(variables, x):
    return InceptionV3().apply(variables, x, capture_intermediates=lambda m, _: m.name in stages,
                               mutable='intermediates')[1]['intermediates']

  captured = jax.eval_shape(intermediates, abstract_variables, jnp.zeros((2, 299, 299, 3)))
  assert {name: captured[name]['__call__'][0].shape for name in stages} == {
      name: (2, *shape) for name, shape in stages.items()}


def test_parameter_count_is_the_reference_networks(abstract_variables):
  count = {collection: sum(math.prod(leaf.shape) for leaf in jax.tree.leaves(tree))
           for collection, tree in abstract_variables.items()}
  assert NUM_PARAMS == 27_161_264 - 3_326_696 + 8 * (2048 + 1) == 23_850_960
  assert count == {'params': NUM_PARAMS, 'batch_stats': 2 * BN_CHANNELS}
  assert NUM_PARAMS + 2 * BN_CHANNELS == 23_885_392
  kernels = [name for name in expected_shapes() if name.endswith('conv/kernel')]
  assert len(kernels) == 94  # InceptionV3's convolutions, each with its batch norm.


def test_names_and_shapes_follow_the_pytorch_fid_state_dict():
  shapes = expected_shapes()
  assert shapes['Conv2d_1a_3x3/conv/kernel'] == ('params', (3, 3, 3, 32))
  assert shapes['Conv2d_1a_3x3/bn/mean'] == ('batch_stats', (32,))
  assert shapes['Mixed_5b/branch_pool/conv/kernel'] == ('params', (1, 1, 192, 32))
  assert shapes['Mixed_6a/branch3x3dbl_3/conv/kernel'] == ('params', (3, 3, 96, 96))
  assert shapes['Mixed_6e/branch7x7dbl_5/conv/kernel'] == ('params', (1, 7, 192, 192))
  assert shapes['Mixed_7a/branch7x7x3_4/bn/var'] == ('batch_stats', (192,))
  assert shapes['Mixed_7c/branch3x3dbl_3b/conv/kernel'] == ('params', (3, 1, 384, 384))
  assert shapes['fc/kernel'] == ('params', (2048, 1008))
  assert shapes['fc/bias'] == ('params', (1008,))


# Weights and features on random weights.


@pytest.fixture(scope='module')
def random_variables():
  """He-scaled kernels and batch norms far from identity, so that a mix-up would show."""
  rng = np.random.default_rng(0)
  flat = {}
  for name, (collection, shape) in expected_shapes().items():
    leaf = name.rsplit('/', 1)[1]
    if leaf == 'kernel':
      value = rng.normal(0, math.sqrt(2 / math.prod(shape[:-1])), shape)
    elif leaf in ('scale', 'var'):
      value = rng.uniform(0.5, 1.5, shape)
    else:
      value = rng.normal(0, 0.1, shape)
    flat[(collection, *name.split('/'))] = value.astype(np.float32)
  return traverse_util.unflatten_dict(flat)


@pytest.fixture(scope='module')
def weights_path(random_variables, tmp_path_factory):
  path = tmp_path_factory.mktemp('inception') / 'inception.npz'
  save_inception_params(path, random_variables)
  return path


@pytest.fixture(scope='module')
def images():
  return np.random.default_rng(1).uniform(-1, 1, (3, 16, 16, 3)).astype(np.float32)


@pytest.fixture(scope='module')
def features(random_variables, weights_path, images):
  """(pool3, probs) of `images`: saved weights at batch size 2, loaded ones at batch sizes 2, 3."""
  return {
      'saved_2': extract_features(random_variables, images, (-1, 1), batch_size=2),
      'loaded_2': InceptionFeatures(weights_path, batch_size=2)(images, (-1, 1)),
      'loaded_3': InceptionFeatures(weights_path, batch_size=3)(images, (-1, 1)),
  }


def test_features_are_finite_pool3_and_probabilities(features):
  pool3, probs = features['saved_2']
  chex.assert_shape([pool3, probs], [(3, 2048), (3, 1008)])
  chex.assert_tree_all_finite((pool3, probs))
  assert np.all(pool3 >= 0)  # Means of ReLU outputs.
  np.testing.assert_allclose(probs.sum(-1), 1, rtol=1e-5)


def test_round_trip_gives_identical_weights_and_outputs(random_variables, weights_path, features):
  assert InceptionFeatures(weights_path).name == f'inception:{weights_path}'
  chex.assert_trees_all_equal(load_inception_params(weights_path), random_variables)
  chex.assert_trees_all_equal(features['loaded_2'], features['saved_2'])


def test_the_feature_dim_is_pool3s(weights_path, features):
  spec = DataSpec('image', (16, 16, 3), (-1.0, 1.0), 0, 256)
  assert InceptionFeatures(weights_path).feature_dim(spec) == features['saved_2'][0].shape[1] == 2048


def test_features_do_not_depend_on_the_batch_size(features):
  chex.assert_trees_all_close(features['loaded_3'], features['saved_2'], rtol=1e-4, atol=1e-6)


def test_missing_path_says_how_to_get_weights():
  for path in (None, ''):
    with _one_line_error(r'^--inception_weights PATH is required .* docs/inception\.md says\.$'):
      load_inception_params(path)
  with _one_line_error('--inception_weights PATH is required'):
    InceptionFeatures('')


def _resave(path, tmp_path, edit) -> str:
  with np.load(path) as npz:
    arrays = dict(npz)
  edit(arrays)
  np.savez(tmp_path / 'edited.npz', **arrays)
  return str(tmp_path / 'edited.npz')


def test_missing_entry_is_named(weights_path, tmp_path):
  path = _resave(weights_path, tmp_path, lambda a: a.pop('Mixed_6b/branch7x7_2/bn/mean'))
  with _one_line_error(r'not InceptionV3 weights .*: missing Mixed_6b/branch7x7_2/bn/mean\.$'):
    load_inception_params(path)


def test_wrong_shape_is_named(weights_path, tmp_path):
  def transpose_fc(arrays):
    arrays['fc/kernel'] = arrays['fc/kernel'].T

  path = _resave(weights_path, tmp_path, transpose_fc)
  with _one_line_error(r': fc/kernel has shape \(1008, 2048\), expected \(2048, 1008\)\.$'):
    load_inception_params(path)


def test_many_problems_are_summarized(tmp_path):
  np.savez(tmp_path / 'other.npz', w=np.zeros(3))
  first = next(iter(expected_shapes()))
  more = len(expected_shapes()) + 1 - 3  # All missing, one unexpected, three named.
  with _one_line_error(f': missing {first}; .* \\(and {more} more\\)\\.$'):
    load_inception_params(tmp_path / 'other.npz')


def test_unreadable_file(tmp_path):
  (tmp_path / 'bad.npz').write_text('not\nan npz')
  for path in (tmp_path / 'bad.npz', tmp_path / 'absent.npz'):
    with _one_line_error(r'^Cannot read Inception weights [^\n]*$'):
      load_inception_params(path)


# Preprocessing.

_preprocess = jax.jit(preprocess, static_argnums=1)


def test_preprocess_shape_and_range():
  for low, high in [(0.0, 1.0), (-1.0, 1.0)]:
    images = jnp.array([low, high]).reshape(2, 1, 1, 1) * jnp.ones((2, 5, 7, 3))
    x = _preprocess(images, (low, high))
    chex.assert_shape(x, (2, 299, 299, 3))
    # The TF graph's (pixel - 128) / 128 of pixels 0 and 255 (one level apart is 1/128 = 7.8e-3).
    # The bicubic weights of a constant image sum to 1 only to float rounding, which the compiler's
    # optimization level moves (2.8e-6 at LLVM -O0, under 1e-6 at -O2).
    np.testing.assert_allclose(x[0], -1.0, atol=1e-5)
    np.testing.assert_allclose(x[1], 127 / 128, atol=1e-5)


def test_preprocess_value_ranges_agree_and_quantize_to_8_bits():
  unit = jax.random.uniform(jax.random.key(0), (2, 12, 10, 3))
  x = _preprocess(unit, (0, 1))
  chex.assert_trees_all_close(_preprocess(2 * unit - 1, (-1, 1)), x, atol=1e-6)
  assert np.array_equal(_preprocess(jnp.round(unit * 255) / 255 + 0.3 / 255, (0, 1)), x)


def test_preprocess_tiles_grayscale_and_is_deterministic():
  gray = jax.random.uniform(jax.random.key(0), (2, 9, 9, 1), minval=-1, maxval=1)
  x = _preprocess(gray, (-1, 1))
  chex.assert_trees_all_equal(x, jnp.tile(x[..., :1], 3), _preprocess(jnp.tile(gray, 3), (-1, 1)))
  chex.assert_trees_all_equal(_preprocess(gray, (-1, 1)), x)


@pytest.mark.parametrize('size', [8, 400])
def test_preprocess_resizes_as_pil_bicubic(size):
  """clean-fid's resize: PIL bicubic on float32 pixels, antialiased when downsampling."""
  pixels = np.random.default_rng(0).integers(0, 256, (size, size)).astype(np.float32)
  pil = Image.fromarray(pixels).resize((299, 299), Image.Resampling.BICUBIC)  # Mode 'F'.
  expected = (np.clip(np.asarray(pil), 0, 255) - 128) / 128
  x = _preprocess(pixels[None, :, :, None] / 255, (0, 1))
  np.testing.assert_allclose(x[0, :, :, 0], expected, atol=0.02 / 128)


@pytest.mark.parametrize('shape, value_range, match', [
    ((2, 8, 8, 2), (0, 1), r'images \[B >= 1, H, W, 1 or 3\], got shape \(2, 8, 8, 2\)'),
    ((8, 8, 3), (0, 1), r'got shape \(8, 8, 3\)'),
    ((0, 8, 8, 3), (0, 1), r'got shape \(0, 8, 8, 3\)'),
    ((2, 8, 8, 3), (1, 0), r'low < high, got \(1, 0\)'),
])
def test_preprocess_rejects_bad_inputs(shape, value_range, match):
  with _one_line_error(match):
    preprocess(jnp.zeros(shape), value_range)
  with _one_line_error(match):
    extract_features({}, np.zeros(shape), value_range)
