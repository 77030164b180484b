"""The joint discriminator D(x, z) of BiGAN / ALI and BigBiGAN, and the x trunk it shares with encoders.

BiGAN (Donahue et al. 2017) and ALI (Dumoulin et al. 2017) judge pairs (x, z): one score s_xz of
the pair. BigBiGAN (Donahue & Simonyan 2019, Sec. 2) adds unary scores: s_x = θ_x·F(x) and
s_z = θ_z·H(z) from the x trunk F and the z trunk H, beside s_xz = θ_xz·J(F(x), H(z)).
"""
from collections.abc import Sequence

import flax.linen as nn
import jax
import jax.numpy as jnp
from flax.typing import Dtype

from genjax.nets.activations import hidden_activation
from genjax.nets.conv_stacks import DownStack
from genjax.nets.mlp import MLP


class Trunk(nn.Module):
  """x [B, ...] -> features [B, D]: hidden layers of widths `widths` and `activation`, an MLP on the
  flattened x (`kind` 'mlp') or DCGAN's strided-conv DownStack on images ('dcgan'); batch-normalized
  if `use_batchnorm` (DownStack: all but the first conv)."""
  kind: str
  widths: Sequence[int]
  use_batchnorm: bool = False
  activation: str = 'leaky_relu'
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, train: bool = True) -> jax.Array:
    if self.kind == 'dcgan':
      return DownStack(self.widths, self.use_batchnorm, self.dtype, self.activation)(x, train)
    return MLP(self.widths, activation=hidden_activation(self.activation), activate_final=True,
               use_batchnorm=self.use_batchnorm, dtype=self.dtype)(x.reshape(x.shape[0], -1), train)


class JointDiscriminator(nn.Module):
  """(x [B, ...], z [B, latent]) -> scores {'xz': [B]}, plus {'x', 'z'} when `unary_terms`.

  `x_trunk` maps x to features (a Trunk, without batch norm: D judges real and generated pairs in
  separate calls); the z trunk is an MLP of widths `z_hidden`; the joint MLP of widths
  `joint_hidden` reads both features concatenated and ends in one linear unit. All hidden layers use
  `activation`. With `unary_terms`, linear units on the x and z features give s_x and s_z.
  """
  x_trunk: nn.Module
  z_hidden: Sequence[int]
  joint_hidden: Sequence[int]
  unary_terms: bool = False
  activation: str = 'leaky_relu'
  dtype: Dtype | None = None

  @nn.compact
  def __call__(self, x: jax.Array, z: jax.Array, train: bool = True) -> dict[str, jax.Array]:
    activation = hidden_activation(self.activation)
    x_features = self.x_trunk(x, train)
    z_features = MLP(self.z_hidden, activation=activation, activate_final=True, dtype=self.dtype,
                     name='z_trunk')(z)
    joint = jnp.concatenate([x_features, z_features], axis=-1)
    scores = {'xz': MLP((*self.joint_hidden, 1), activation=activation, dtype=self.dtype, name='joint')(joint)}
    if self.unary_terms:
      scores['x'] = nn.Dense(1, dtype=self.dtype, name='x_score')(x_features)
      scores['z'] = nn.Dense(1, dtype=self.dtype, name='z_score')(z_features)
    return {name: score[:, 0] for name, score in scores.items()}
