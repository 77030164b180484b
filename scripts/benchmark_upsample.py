"""Times the DCGAN upsampling layer's training step: sub-pixel form against flax's ConvTranspose.

  python scripts/benchmark_upsample.py [--batch 64] [--repeats 20]

Both compute the same 4x4 stride-2 transposed convolution (7x7x128 -> 14x14x64, as in the MNIST
DCGAN generator); the step is value_and_grad with respect to the parameters, jitted and warm.
"""
import argparse
import time

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np

from genjax.nets import SubpixelConvTranspose


def step_seconds(module: nn.Module, x: jax.Array, repeats: int) -> float:
  """The median wall time of one jitted gradient step of `module` on `x`."""
  params = module.init(jax.random.key(0), x)

  @jax.jit
  def step(params, x):
    return jax.value_and_grad(lambda p: jnp.mean(module.apply(p, x) ** 2))(params)

  jax.block_until_ready(step(params, x))
  times = []
  for _ in range(repeats):
    start = time.perf_counter()
    jax.block_until_ready(step(params, x))
    times.append(time.perf_counter() - start)
  return float(np.median(times))


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--batch', type=int, default=64)
  parser.add_argument('--repeats', type=int, default=20)
  args = parser.parse_args()
  x = jax.random.normal(jax.random.key(1), (args.batch, 7, 7, 128))
  subpixel = step_seconds(SubpixelConvTranspose(64), x, args.repeats)
  transposed = step_seconds(nn.ConvTranspose(64, (4, 4), strides=(2, 2), padding='SAME'), x, args.repeats)
  print(f'devices: {jax.devices()}  batch {args.batch}, 7x7x128 -> 14x14x64, median of {args.repeats}')
  print(f'sub-pixel conv:  {subpixel * 1e3:7.1f} ms/step')
  print(f'ConvTranspose:   {transposed * 1e3:7.1f} ms/step  ({transposed / subpixel:.1f}x slower)')


if __name__ == '__main__':
  main()
