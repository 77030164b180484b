"""Many processes (hosts) in one run, through `jax.distributed`, from the config or environment.

Every process runs the same program on its own devices; the mesh spans all of them, so the code
that trains on one device trains on a cluster unchanged. On CPUs the collectives go through gloo.
"""
import os

import jax
import ml_collections

from genjax.errors import GenjaxError


def config() -> ml_collections.ConfigDict:
  return ml_collections.ConfigDict({
      # 'HOST:PORT' of process 0; '' reads $JAX_COORDINATOR_ADDRESS (unset: a single process);
      # 'auto' lets JAX detect a Cloud TPU pod, SLURM, Open MPI or Kubernetes job.
      'coordinator': '',
      # With an explicit coordinator; 0 / -1 read $JAX_NUM_PROCESSES / $JAX_PROCESS_ID.
      'num_processes': 0,
      'process_id': -1,
  })


def initialize(cfg: ml_collections.ConfigDict) -> None:
  """Joins this process to the run before JAX starts its backend; one process does nothing."""
  coordinator = cfg.coordinator or os.environ.get('JAX_COORDINATOR_ADDRESS', '')
  if not coordinator or jax.distributed.is_initialized():
    return
  jax.config.update('jax_cpu_collectives_implementation', 'gloo')
  if coordinator == 'auto':
    jax.distributed.initialize()
    return
  num_processes = cfg.num_processes or int(os.environ.get('JAX_NUM_PROCESSES', '0'))
  process_id = cfg.process_id if cfg.process_id >= 0 else int(os.environ.get('JAX_PROCESS_ID', '-1'))
  if num_processes < 1 or not 0 <= process_id < num_processes:
    raise GenjaxError(f'distributed run with coordinator {coordinator} needs num_processes >= 1 and '
                      f'0 <= process_id < num_processes, got {num_processes} and {process_id}')
  jax.distributed.initialize(coordinator, num_processes, process_id)


def is_main_process() -> bool:
  """Process 0 writes the logs, pictures and config; every process takes part in checkpoints."""
  return jax.process_index() == 0
