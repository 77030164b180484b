"""How long XLA takes to compile a config's train step, in this process's XLA_FLAGS.

    python scripts/compile_time.py configs/cogan_digits.py [--config.KEY=VALUE ...]
    XLA_FLAGS='--xla_backend_optimization_level=0 --xla_cpu_use_fusion_emitters=false' python scripts/compile_time.py ...

prints the seconds to trace and lower the step (jax) and to compile it (XLA), and the size of the
optimized program; compare flags by running it once per setting (XLA reads its flags at start-up).
The test suite's flags (tests/conftest.py) were chosen with it.
"""
import argparse
import os
import tempfile
import time


from genjax.cli import config_overrides
from genjax.config import load_config
from genjax.training.trainer import Trainer


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('config', help='a config file')
  args, extra = parser.parse_known_args()
  config = load_config(args.config, config_overrides(extra))
  trainer = Trainer(config, tempfile.mkdtemp(prefix='genjax-compile-time-'), progress=False)
  state = trainer.abstract_state
  start = time.perf_counter()
  lowered = trainer.train_steps[1].lower(state, trainer.resident, trainer.step_inputs(0, 1))
  traced = time.perf_counter()
  compiled = lowered.compile()
  done = time.perf_counter()
  lines = len(compiled.as_text().splitlines())
  print(f'{args.config}: trace and lower {traced - start:.2f} s, compile {done - traced:.2f} s, '
        f'{lines} lines of optimized HLO; XLA_FLAGS={os.environ.get("XLA_FLAGS", "")!r}')


if __name__ == '__main__':
  main()
