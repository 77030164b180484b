"""pytorch-fid's InceptionV3 (its FIDInception blocks on torchvision's Inception3) built offline from
a given state dict, and the same network with one of those blocks put back to torchvision's stock one.

The install (pyproject.toml's `test` extra): torch==2.13.0, whose CPU wheel pip takes from this
machine's disk, and torchvision==0.28.0, the release built against torch 2.13 (pytorch-fid subclasses
its InceptionA/C/E). PyPI's x86_64 torchvision wheels are CUDA builds: their compiled ops (_C.so) link
libtorch_cuda, which the CPU torch lacks, so they do not load, and `import torchvision` then stops in
torchvision/_meta_registrations.py, which registers fake kernels for those ops ('operator
torchvision::nms does not exist'). The Inception models are pure Python and use none of the ops, so
where that happens an empty module stands in for _meta_registrations and the import is retried;
nothing else of torchvision or pytorch-fid changes. Where torchvision's ops do load, nothing is stood in.
"""
import importlib
import sys
import types

import pytest
import torch

# pytorch-fid's block classes, and the torchvision class each one subclasses (and overrides `forward` of).
STOCK_BLOCKS = {'FIDInceptionA': 'InceptionA', 'FIDInceptionC': 'InceptionC',
                'FIDInceptionE_1': 'InceptionE', 'FIDInceptionE_2': 'InceptionE'}


def _import_torchvision() -> types.ModuleType:
  try:
    return importlib.import_module('torchvision')
  except RuntimeError as e:
    if 'torchvision::' not in str(e):
      raise
  for name in [name for name in sys.modules if name.split('.')[0] == 'torchvision']:
    del sys.modules[name]  # The half-imported package, so that the retry runs its __init__ again.
  sys.modules['torchvision._meta_registrations'] = types.ModuleType('torchvision._meta_registrations')
  return importlib.import_module('torchvision')


torchvision = _import_torchvision()
pytorch_fid_inception = importlib.import_module('pytorch_fid.inception')


def inception3_state_dict() -> dict[str, torch.Tensor]:
  """The state dict of pytorch-fid's network (the names and shapes of torchvision's Inception3 with
  1008 classes and no auxiliary head), with torch's default initialization."""
  return pytorch_fid_inception._inception_v3(num_classes=1008, aux_logits=False, weights=None).state_dict()


def pool3_network(state_dict: dict[str, torch.Tensor], stock_block: str | None = None) -> torch.nn.Module:
  """pytorch-fid's `InceptionV3` feature network (inputs [B, 3, H, W] already in [-1, 1], output the
  2048-D average pool [B, 2048, 1, 1]) in eval mode with `state_dict`'s weights, not its download.

  `stock_block` (a key of STOCK_BLOCKS) builds it with torchvision's stock block in that one's place.
  """
  with pytest.MonkeyPatch.context() as patch:
    patch.setattr(pytorch_fid_inception, 'load_state_dict_from_url', lambda *args, **kwargs: state_dict)
    if stock_block:
      patch.setattr(pytorch_fid_inception, stock_block,
                    getattr(torchvision.models.inception, STOCK_BLOCKS[stock_block]))
    network = pytorch_fid_inception.InceptionV3([3], resize_input=False, normalize_input=False)
  return network.eval()
