"""The parameters of a 4x4 layer, shared by genjax's exact rewrites of flax's 4x4 stride-2
convolutions, so that each keeps flax's parameter names, shapes and initialization."""
import flax.linen as nn
import jax
import jax.numpy as jnp
from flax.linen.dtypes import promote_dtype
from flax.typing import Dtype, Initializer


class FourByFour(nn.Module):
  """A 4x4 kernel [4, 4, I, features] and an optional bias, as `nn.Conv` declares them; a subclass
  defines `apply_kernel(x, kernel)`, to which the bias is added."""
  features: int
  use_bias: bool = True
  dtype: Dtype | None = None
  param_dtype: Dtype = jnp.float32
  kernel_init: Initializer = nn.initializers.lecun_normal()
  bias_init: Initializer = nn.initializers.zeros_init()

  def apply_kernel(self, x: jax.Array, kernel: jax.Array) -> jax.Array:
    raise NotImplementedError

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    kernel = self.param('kernel', self.kernel_init, (4, 4, x.shape[-1], self.features), self.param_dtype)
    bias = self.param('bias', self.bias_init, (self.features,), self.param_dtype) if self.use_bias else None
    x, kernel, bias = promote_dtype(x, kernel, bias, dtype=self.dtype)
    y = self.apply_kernel(x, kernel)
    return y if bias is None else y + bias
