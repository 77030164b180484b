"""genjax's InceptionV3 equals pytorch-fid's FID network (Seitzer's port of TF's 2015-12-05 graph).

Both run one set of random weights with randomized batch-norm statistics, written by torch.save
and converted by scripts/convert_inception_weights.py as pytorch-fid's release weights are. Inputs
are 2 images of 139x139, the smallest size whose last blocks see a 3x3 grid, so each 3x3 pooling
meets the border and the interior (at 299x299 the figures are alike: 5e-16 and 3e-7).
"""
import math
import pathlib
import runpy
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch

from genjax.metrics.inception_features import load_inception_params
from genjax.nets.inception import InceptionV3
from tests.nets.pytorch_fid_reference import STOCK_BLOCKS, inception3_state_dict, pool3_network

ROOT = pathlib.Path(__file__).resolve().parents[2]
SIZE = 139


@pytest.fixture(scope='module')
def state_dict():
  """He-normal kernels, batch-norm scales and variances ~ U(0.5, 1.5), biases and means ~ N(0, 0.1)."""
  generator = torch.Generator().manual_seed(0)
  weights = {}
  for name, value in inception3_state_dict().items():
    if name.endswith('num_batches_tracked'):
      weights[name] = value
    elif value.ndim >= 2:
      weights[name] = torch.randn(value.shape, generator=generator) * math.sqrt(2 / math.prod(value.shape[1:]))
    elif name.endswith(('.weight', '.running_var')):
      weights[name] = torch.rand(value.shape, generator=generator) + 0.5
    else:
      weights[name] = torch.randn(value.shape, generator=generator) * 0.1
  return weights


@pytest.fixture(scope='module')
def converted(state_dict, tmp_path_factory):
  """The .npz that scripts/convert_inception_weights.py makes of `state_dict`, as genjax loads it."""
  folder = tmp_path_factory.mktemp('parity')
  torch.save(state_dict, folder / 'random.pth')
  argv = ['convert_inception_weights.py', str(folder / 'random.pth'), str(folder / 'inception.npz')]
  with pytest.MonkeyPatch.context() as patch:  # The script's command line, run in this process (torch loaded).
    patch.setattr(sys, 'argv', argv)
    runpy.run_path(str(ROOT / 'scripts' / 'convert_inception_weights.py'), run_name='__main__')
  return load_inception_params(folder / 'inception.npz')


@pytest.fixture(scope='module')
def images():
  return np.random.default_rng(1).uniform(-1, 1, (2, SIZE, SIZE, 3))


def _pool3(state_dict, images, dtype, stock_block=None) -> torch.Tensor:
  """pytorch-fid's 2048-D features of `images` [B, H, W, 3] computed in `dtype`, [B, 2048]."""
  network = pool3_network(state_dict, stock_block).to(dtype)
  with torch.no_grad():
    return network(torch.from_numpy(images.transpose(0, 3, 1, 2)).to(dtype))[0][:, :, 0, 0]


@pytest.fixture(scope='module')
def reference(state_dict, images):
  """pytorch-fid's pool3 in float64, and the logits of its 1008-way head (fc) on them."""
  pool3 = _pool3(state_dict, images, torch.float64)
  logits = pool3 @ state_dict['fc.weight'].double().T + state_dict['fc.bias'].double()
  return {'pool3': pool3.numpy(), 'logits': logits.numpy()}


def _genjax(variables, images, dtype) -> dict[str, np.ndarray]:
  with jax.enable_x64(dtype == np.float64):
    variables = jax.tree.map(lambda leaf: jnp.asarray(leaf, dtype), variables)
    return jax.device_get(jax.jit(InceptionV3().apply)(variables, jnp.asarray(images, dtype)))


@pytest.fixture(scope='module')
def genjax_float64(converted, images):
  return _genjax(converted, images, np.float64)


def _relative(value: np.ndarray, reference: np.ndarray) -> float:
  return float(np.linalg.norm(value - reference) / np.linalg.norm(reference))


def test_the_reference_features_are_informative(reference):
  """Random weights that leave most features alive and spread: an agreement below says something."""
  pool3 = reference['pool3']
  assert np.mean(pool3 > 0) > 0.5 and np.std(pool3) > 0.1 * np.mean(np.abs(pool3))
  assert _relative(pool3[0], pool3[1]) > 1e-2  # Two noise images: 0.04 apart.


@pytest.mark.parametrize('output', ['pool3', 'logits'])
def test_float64_equals_pytorch_fid_to_round_off(genjax_float64, reference, output):
  assert genjax_float64[output].dtype == np.float64
  assert _relative(genjax_float64[output], reference[output]) < 1e-12  # Measured: 1e-15.


def test_float32_as_genjax_eval_runs_it_is_within_single_precision(converted, images, reference):
  """The float32 network (what `genjax eval` runs) against the float64 reference."""
  ours = _genjax(converted, images, np.float32)
  assert ours['pool3'].dtype == np.float32
  for output in ('pool3', 'logits'):
    assert _relative(ours[output], reference[output]) < 1e-5, output  # Measured: 6e-7.


@pytest.mark.parametrize('stock_block', sorted(STOCK_BLOCKS))
def test_any_stock_torchvision_block_in_the_reference_is_told_apart(state_dict, images, genjax_float64,
                                                                     stock_block):
  """torchvision's block in place of one of pytorch-fid's (padding counted in the average pools of
  A, C, E_1; an average pool for E_2's max pool) moves the features by 1e3 times the float32 tolerance
  above (so these networks run in float32)."""
  stock = _pool3(state_dict, images, torch.float32, stock_block).numpy()
  assert _relative(genjax_float64['pool3'], stock) > 1e-2  # Measured: 0.029 (A) to 0.28 (E_2).
