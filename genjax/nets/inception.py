"""InceptionV3 (Szegedy et al. 2016) as FID and IS are defined with it: the TF 2015-12-05 graph.

FID (Heusel et al. 2017) and IS (Salimans et al. 2016) use `inception-2015-12-05`, which differs
from torchvision's InceptionV3 as pytorch-fid's FIDInception blocks do: the 3x3 average pools of
the A, C and first E blocks leave the padding out of the mean (TF's 'SAME' average pool), the
last E block max-pools, and the head has 1008 logits. Convolutions have no bias and are followed
by inference-mode batch norm (eps 1e-3) and ReLU. Module and parameter names follow pytorch-fid's
state dict ('Mixed_5b/branch1x1/conv/kernel', ...), so converting its weights is a renaming.
"""
from typing import Literal, NamedTuple

import flax.linen as nn
import jax
import jax.numpy as jnp

NUM_LOGITS = 1008


class ConvSpec(NamedTuple):
  """One conv + batch norm + ReLU layer: its name, output channels, kernel, stride, padding."""
  name: str
  features: int
  kernel: tuple[int, int] = (1, 1)
  strides: int = 1
  padding: str = 'SAME'


class Branch(NamedTuple):
  """Convs applied in sequence; then, if any, `fork` convs applied in parallel and concatenated."""
  convs: tuple[ConvSpec, ...]
  fork: tuple[ConvSpec, ...] = ()


class ConvBN(nn.Module):
  """Conv without bias, inference-mode batch norm (eps 1e-3), ReLU: TF's conv op of the graph."""
  spec: ConvSpec

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    s = self.spec
    x = nn.Conv(s.features, s.kernel, s.strides, padding=s.padding, use_bias=False, name='conv')(x)
    return nn.relu(nn.BatchNorm(use_running_average=True, epsilon=1e-3, name='bn')(x))


def conv_bn(spec: ConvSpec) -> ConvBN:
  """`ConvBN(spec)` named as its spec, so that the parameter tree reads like the state dict."""
  return ConvBN(spec, name=spec.name)


def _max_pool_2(x: jax.Array) -> jax.Array:
  """A 3x3 stride-2 'VALID' max pool: halves the grid."""
  return nn.max_pool(x, (3, 3), (2, 2), 'VALID')


class Mixed(nn.Module):
  """An Inception block: `branches` and a pooling branch, concatenated along channels.

  `pool` is 'avg' or 'max' for a 3x3 stride-1 pool ('avg' excludes the padding from the mean)
  followed by the 1x1 conv 'branch_pool' to `pool_features` channels, or 'reduce' for a 3x3
  stride-2 max pool alone (the grid-reduction blocks B and D).
  """
  branches: tuple[Branch, ...]
  pool: Literal['avg', 'max', 'reduce']
  pool_features: int = 0

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    outputs = []
    for branch in self.branches:
      y = x
      for spec in branch.convs:
        y = conv_bn(spec)(y)
      outputs.append(jnp.concatenate([conv_bn(spec)(y) for spec in branch.fork], -1)
                     if branch.fork else y)
    if self.pool == 'reduce':
      outputs.append(_max_pool_2(x))
    else:
      pooled = (nn.avg_pool(x, (3, 3), (1, 1), 'SAME', count_include_pad=False)
                if self.pool == 'avg' else nn.max_pool(x, (3, 3), (1, 1), 'SAME'))
      outputs.append(conv_bn(ConvSpec('branch_pool', self.pool_features))(pooled))
    return jnp.concatenate(outputs, -1)


def _reduce(name: str, features: int) -> ConvSpec:
  """A 3x3 stride-2 'VALID' conv: halves the grid."""
  return ConvSpec(name, features, (3, 3), 2, 'VALID')


def _chain(prefix: str, features: tuple[int, ...],
           kernels: tuple[tuple[int, int], ...]) -> tuple[ConvSpec, ...]:
  """Convs named prefix_1, prefix_2, ... with the given widths and kernels."""
  return tuple(ConvSpec(f'{prefix}_{i}', f, k)
               for i, (f, k) in enumerate(zip(features, kernels, strict=True), 1))


def _split_1x3_3x1(prefix: str) -> tuple[ConvSpec, ...]:
  """The E blocks' parallel 1x3 and 3x1 convs of 384 channels, named prefix + 'a' / 'b'."""
  return ConvSpec(f'{prefix}a', 384, (1, 3)), ConvSpec(f'{prefix}b', 384, (3, 1))


_1x1, _3x3, _1x7, _7x1 = (1, 1), (3, 3), (1, 7), (7, 1)


def block_a(pool_features: int, name: str) -> Mixed:
  """35x35 block (Mixed_5b-d): 1x1 | 1x1, 5x5 | 1x1, 3x3, 3x3 | avg pool, 1x1."""
  return Mixed((
      Branch((ConvSpec('branch1x1', 64),)),
      Branch(_chain('branch5x5', (48, 64), (_1x1, (5, 5)))),
      Branch(_chain('branch3x3dbl', (64, 96, 96), (_1x1, _3x3, _3x3))),
  ), 'avg', pool_features, name=name)


def block_b(name: str) -> Mixed:
  """35x35 -> 17x17 reduction (Mixed_6a): 3x3/2 | 1x1, 3x3, 3x3/2 | max pool/2."""
  return Mixed((
      Branch((_reduce('branch3x3', 384),)),
      Branch(_chain('branch3x3dbl', (64, 96), (_1x1, _3x3)) + (_reduce('branch3x3dbl_3', 96),)),
  ), 'reduce', name=name)


def block_c(c7: int, name: str) -> Mixed:
  """17x17 block (Mixed_6b-e): 7x7 convs factorized into 1x7 and 7x1 convs of width `c7`."""
  return Mixed((
      Branch((ConvSpec('branch1x1', 192),)),
      Branch(_chain('branch7x7', (c7, c7, 192), (_1x1, _1x7, _7x1))),
      Branch(_chain('branch7x7dbl', (c7, c7, c7, c7, 192), (_1x1, _7x1, _1x7, _7x1, _1x7))),
  ), 'avg', 192, name=name)


def block_d(name: str) -> Mixed:
  """17x17 -> 8x8 reduction (Mixed_7a): 1x1, 3x3/2 | 1x1, 1x7, 7x1, 3x3/2 | max pool/2."""
  return Mixed((
      Branch((ConvSpec('branch3x3_1', 192), _reduce('branch3x3_2', 320))),
      Branch(_chain('branch7x7x3', (192, 192, 192), (_1x1, _1x7, _7x1))
             + (_reduce('branch7x7x3_4', 192),)),
  ), 'reduce', name=name)


def block_e(pool: Literal['avg', 'max'], name: str) -> Mixed:
  """8x8 block (Mixed_7b with 'avg', Mixed_7c with 'max' pooling as in the TF graph)."""
  return Mixed((
      Branch((ConvSpec('branch1x1', 320),)),
      Branch((ConvSpec('branch3x3_1', 384),), _split_1x3_3x1('branch3x3_2')),
      Branch(_chain('branch3x3dbl', (448, 384), (_1x1, _3x3)), _split_1x3_3x1('branch3x3dbl_3')),
  ), pool, 192, name=name)


class InceptionV3(nn.Module):
  """Network inputs [B, 299, 299, 3] -> {'pool3': [B, 2048], 'logits': [B, 1008]}, inference only.

  Inputs are preprocessed as `genjax.metrics.inception_features.preprocess` does (RGB scaled to
  about [-1, 1]). 'pool3' is the global average pool of the last block (FID's features); 'logits'
  are the 1008-way head's, bias included.
  """

  @nn.compact
  def __call__(self, x: jax.Array) -> dict[str, jax.Array]:
    x = conv_bn(ConvSpec('Conv2d_1a_3x3', 32, _3x3, 2, 'VALID'))(x)
    x = conv_bn(ConvSpec('Conv2d_2a_3x3', 32, _3x3, 1, 'VALID'))(x)
    x = conv_bn(ConvSpec('Conv2d_2b_3x3', 64, _3x3))(x)
    x = _max_pool_2(x)
    x = conv_bn(ConvSpec('Conv2d_3b_1x1', 80))(x)
    x = conv_bn(ConvSpec('Conv2d_4a_3x3', 192, _3x3, 1, 'VALID'))(x)
    x = _max_pool_2(x)
    x = block_a(32, 'Mixed_5b')(x)
    x = block_a(64, 'Mixed_5c')(x)
    x = block_a(64, 'Mixed_5d')(x)
    x = block_b('Mixed_6a')(x)
    for c7, name in zip((128, 160, 160, 192), ('Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e')):
      x = block_c(c7, name)(x)
    x = block_d('Mixed_7a')(x)
    x = block_e('avg', 'Mixed_7b')(x)
    x = block_e('max', 'Mixed_7c')(x)
    pool3 = jnp.mean(x, axis=(1, 2))
    return {'pool3': pool3, 'logits': nn.Dense(NUM_LOGITS, name='fc')(pool3)}
