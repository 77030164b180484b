"""The genjax side of the benchmark: the trainer's own jitted step, K steps per dispatch.

The state, data and batch indices are made as `genjax.training.trainer.Trainer` makes them; only the data are
synthetic. A timed run dispatches without any host sync and blocks once at the end.
"""
import pathlib
import time

import flax
import jax
import jax.numpy as jnp
import optax

from bench_cases import Case, synthetic_data
from genjax.config import load_config
from genjax.core import sharding
from genjax.core.rng import root_key, streams
from genjax.data.pipeline import EpochShuffle, device_arrays, step_indices
from genjax.data.spec import DataSpec
from genjax.methods import build_method
from genjax.training.trainer import make_train_step

CONFIGS = pathlib.Path(__file__).resolve().parents[1] / 'configs'


def versions() -> dict:
  return {'jax': jax.__version__, 'jaxlib': jax.lib.__version__, 'flax': flax.__version__,
          'optax': optax.__version__, 'backend': jax.default_backend()}


def matmul_gflops(size: int, repeats: int) -> float:
  """The best fp32 GFLOP/s of a jitted [size, size] @ [size, size]."""
  a, b = (jax.random.normal(jax.random.key(i), (size, size), jnp.float32) for i in range(2))
  matmul = jax.jit(jnp.matmul)
  jax.block_until_ready(matmul(a, b))
  best = float('inf')
  for _ in range(repeats):
    start = time.perf_counter()
    jax.block_until_ready(matmul(a, b))
    best = min(best, time.perf_counter() - start)
  return 2 * size**3 / best / 1e9


class Bench:
  """One case's state and compiled steps; variants are the K values, named 'K=<k>'."""

  def __init__(self, case: Case, fused: tuple[int, ...], overrides: list[str] = ()):
    start = time.perf_counter()
    config = load_config(CONFIGS / f'{case.config}.py', [*case.overrides(), *overrides])
    spec = DataSpec('image', case.shape, case.value_range, num_classes=10, levels=256)
    method = build_method(config, spec)
    self.mesh = sharding.data_mesh()
    init_key, train_key = streams(root_key(config.seed, config.rng_impl), 'init', 'train')
    x, y = synthetic_data(case)
    self.data = device_arrays(x, y, sharding.replicated(self.mesh))
    self.shuffle = EpochShuffle(case.examples, case.batch, config.seed, method.batches_per_step)
    self.state = jax.jit(lambda: method.init(init_key, spec.example_batch(case.batch)),
                         out_shardings=sharding.replicated(self.mesh))()
    self.steps = {k: make_train_step(method, config.data, spec, train_key, self.mesh, k) for k in fused}
    self.step = 0
    self.first_call_s = {}
    for k in fused:  # The first call of each K: trace, compile, run.
      call_start = time.perf_counter()
      self.run(f'K={k}', k)
      self.first_call_s[f'K={k}'] = time.perf_counter() - call_start
      if k == fused[0]:
        self.first_step_s = time.perf_counter() - start
    self.variants = list(self.first_call_s)

  def _indices(self, count: int) -> jax.Array:
    indices = step_indices(self.shuffle, self.step, count, self.mesh)
    self.step += count
    return indices

  def run(self, variant: str, steps: int) -> float:
    """Seconds for `steps` training steps dispatched K at a time; blocks only at the end."""
    k = int(variant.removeprefix('K='))
    if steps % k:
      raise ValueError(f'{steps} steps is not a multiple of K={k}')
    train_step = self.steps[k]
    start = time.perf_counter()
    state, metrics = self.state, None
    for _ in range(steps // k):
      state, metrics = train_step(state, self.data, self._indices(k))
    jax.block_until_ready((state, metrics))
    self.state = state
    return time.perf_counter() - start

  def xla_flops(self) -> float:
    """FLOPs of one step by XLA's cost analysis of the compiled K=1 step."""
    indices = step_indices(self.shuffle, 0, 1, self.mesh)  # Shapes only: cost analysis reads no values.
    analysis = self.steps[1].lower(self.state, self.data, indices).compile().cost_analysis()
    analysis = analysis[0] if isinstance(analysis, (list, tuple)) else analysis
    return float(analysis['flops'])
