"""Converts pytorch-fid's InceptionV3 state dict to the .npz that genjax's InceptionV3 loads.

Usage (where torch is installed; the .pth is pytorch-fid's release asset, see docs/inception.md):

  python scripts/convert_inception_weights.py pt_inception-2015-12-05-6726825d.pth inception.npz

Renaming: '.' -> '/', conv 'weight' -> 'kernel' transposed OIHW -> HWIO, batch norm 'weight',
'running_mean', 'running_var' -> 'scale', 'mean', 'var' ('num_batches_tracked' dropped), 'fc.weight'
-> 'fc/kernel' transposed [1008, 2048] -> [2048, 1008]. Needs numpy and torch only; genjax checks
every name and shape when it loads the result.
"""
import argparse
import pathlib

import numpy as np

_BN_NAMES = {'weight': 'scale', 'bias': 'bias', 'running_mean': 'mean', 'running_var': 'var'}


def convert(state_dict: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
  """pytorch-fid state dict (as numpy arrays) -> flattened genjax variables."""
  arrays = {}
  for key, value in state_dict.items():
    *path, leaf = key.split('.')
    if leaf == 'num_batches_tracked':
      continue
    if path[-1] == 'bn':
      leaf = _BN_NAMES[leaf]
    elif leaf == 'weight':
      leaf = 'kernel'
      value = value.transpose(2, 3, 1, 0) if value.ndim == 4 else value.T
    arrays['/'.join([*path, leaf])] = np.ascontiguousarray(value, np.float32)
  return arrays


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('pth', type=pathlib.Path, help="pytorch-fid's pt_inception-2015-12-05-*.pth")
  parser.add_argument('npz', type=pathlib.Path, help='the .npz to write')
  args = parser.parse_args()
  import torch  # pylint: disable=import-outside-toplevel  # Only this script needs torch.
  state_dict = torch.load(args.pth, map_location='cpu', weights_only=True)
  arrays = convert({key: value.numpy() for key, value in state_dict.items()})
  with open(args.npz, 'wb') as f:  # A path would get '.npz' appended when it lacks it.
    np.savez(f, **arrays)
  print(f'Wrote {len(arrays)} arrays to {args.npz}; pass it as --inception_weights {args.npz}.')


if __name__ == '__main__':
  main()
