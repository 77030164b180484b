"""Times the DCGAN layers' training steps: genjax's matmul forms against flax's convolutions.

  python scripts/benchmark_layers.py [--batch 64] [--repeats 20] [--scanned 5]

Up: the generator's 4x4 stride-2 transposed conv, 7x7x128 -> 14x14x64, `SubpixelConvTranspose`
against `nn.ConvTranspose`. Down: the discriminator's 4x4 stride-2 conv, 14x14x64 -> 7x7x128,
`StridedConv` against `nn.Conv`. Each pair computes the same layer. A step is value_and_grad
with respect to the parameters and the input, jitted and warm, run alone and `--scanned` times
inside one `lax.scan` traced as the trainer traces fused steps (`steps_per_dispatch` > 1: there
`StridedConv` takes its matmul form), reported per step.
"""
import argparse
import time

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np

from genjax.nets import StridedConv, SubpixelConvTranspose
from genjax.nets.downsample import traced_in_a_loop

LAYERS = {
    'up, 7x7x128 -> 14x14x64': ((7, 7, 128), SubpixelConvTranspose(64),
                                nn.ConvTranspose(64, (4, 4), strides=(2, 2), padding='SAME')),
    'down, 14x14x64 -> 7x7x128': ((14, 14, 64), StridedConv(128),
                                  nn.Conv(128, (4, 4), strides=(2, 2), padding='SAME')),
}


def step_seconds(module: nn.Module, x: jax.Array, repeats: int, scanned: int) -> float:
  """The median wall time of one jitted gradient step of `module` on `x`; with `scanned` > 0, of
  `scanned` steps in one `lax.scan`, divided by `scanned`."""
  params = module.init(jax.random.key(0), x)
  grad = jax.grad(lambda p, x: jnp.mean(module.apply(p, x) ** 2), argnums=(0, 1))

  def one(carry, _):
    params, x = carry
    g_params, g_x = grad(params, x)
    return (jax.tree.map(lambda p, g: p - 1e-3 * g, params, g_params), x - 1e-3 * g_x), None

  def steps(carry):
    if not scanned:
      return one(carry, None)[0]
    with traced_in_a_loop():
      return jax.lax.scan(one, carry, None, length=scanned)[0]

  step = jax.jit(steps)
  jax.block_until_ready(step((params, x)))
  times = []
  for _ in range(repeats):
    start = time.perf_counter()
    jax.block_until_ready(step((params, x)))
    times.append(time.perf_counter() - start)
  return float(np.median(times)) / max(scanned, 1)


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--batch', type=int, default=64)
  parser.add_argument('--repeats', type=int, default=20)
  parser.add_argument('--scanned', type=int, default=5, help='steps per lax.scan (0: skip)')
  args = parser.parse_args()
  print(f'devices: {jax.devices()}  batch {args.batch}, median of {args.repeats}, ms per step')
  scan_columns = f' genjax, {args.scanned} in scan | flax, {args.scanned} in scan |' if args.scanned else ''
  print(f'| layer | genjax | flax |{scan_columns}')
  print('| --- | ---: | ---: |' + ' ---: | ---: |' * bool(args.scanned))
  for name, (shape, ours, theirs) in LAYERS.items():
    x = jax.random.normal(jax.random.key(1), (args.batch, *shape))
    times = [step_seconds(module, x, args.repeats, scanned)
             for scanned in dict.fromkeys((0, args.scanned)) for module in (ours, theirs)]
    print(f'| {name} | ' + ' | '.join(f'{t * 1e3:.1f}' for t in times) + ' |', flush=True)


if __name__ == '__main__':
  main()
