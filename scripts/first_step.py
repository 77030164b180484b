"""Where a new run's wait for its first step goes: imports, data and networks, the initial state,
then the first step (tracing and compiling included), beside a steady step.

    python scripts/first_step.py configs/quickstart.py [--config.KEY=VALUE ...]
    GENJAX_DATA_DIR=../shared/data python scripts/first_step.py configs/dcgan_mnist.py

Each phase is timed once, in this process, as `genjax train` meets it in a fresh workdir; set
JAX_COMPILATION_CACHE_DIR to time a rerun that reads compiled programs from disk.
"""
import time

START = time.perf_counter()
import argparse  # noqa: E402
import tempfile  # noqa: E402

import jax  # noqa: E402

from genjax.cli import config_overrides  # noqa: E402
from genjax.config import load_config  # noqa: E402
from genjax.training.trainer import Trainer  # noqa: E402

IMPORTED = time.perf_counter()


def timed(phases: dict, name: str, fn):
  """fn(), finished on the devices, with its seconds recorded under `name`."""
  start = time.perf_counter()
  result = jax.block_until_ready(fn())
  phases[name] = time.perf_counter() - start
  return result


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('config', help='a config file')
  args, extra = parser.parse_known_args()
  config = load_config(args.config, config_overrides(extra))
  phases = {'imports': IMPORTED - START}
  trainer = timed(phases, 'data, networks, step functions',
                  lambda: Trainer(config, tempfile.mkdtemp(prefix='genjax-first-step-'), progress=False))
  state = timed(phases, 'initial state (init compiled and run)', trainer.initial_state)
  for name in ('first step (traced, compiled, run)', 'second step'):
    step = int(state.step)
    state, _ = timed(phases, name, lambda: trainer.train_steps[1](state, trainer.resident, trainer.step_inputs(step, 1)))
  waited = sum(value for name, value in phases.items() if name != 'second step')
  print(f'{args.config}: {waited:.2f} s from the imports to the first step done, on {jax.devices()[0].device_kind}')
  for name, seconds in phases.items():
    print(f'  {seconds:7.2f} s  {name}')


if __name__ == '__main__':
  main()
