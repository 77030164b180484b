"""The trainer of a sweep: S seeds of one config as one program, vmapped over a leading seed axis.

Seed i is config.seed + i for its init, train and sample keys and its batch order, so each trains
what `genjax train` with that seed trains. The seeds share the step count, the data on the devices
and the mesh (each seed's batch is split over 'data'); checkpoints, resume and signals work as in
`Trainer`.
"""
import jax
import ml_collections
import numpy as np

from genjax.core.rng import root_key
from genjax.data.pipeline import EpochShuffle
from genjax.errors import GenjaxError, check_seed
from genjax.runs.training_log import TrainingLog
from genjax.training.trainer import Trainer
from genjax.viz.samples import save_sample_picture


class SeedShuffles:
  """The EpochShuffle of each seed; `indices(step)` stacks theirs as [seeds, (batches,) batch]."""

  def __init__(self, num_examples: int, batch_size: int, batches: int, seeds: list[int]):
    self._shuffles = [EpochShuffle(num_examples, batch_size, seed, batches) for seed in seeds]

  def position(self, step: int) -> tuple[int, int]:
    return self._shuffles[0].position(step)  # The seeds' epochs have the same length.

  def indices(self, step: int) -> np.ndarray:
    return np.stack([shuffle.indices(step) for shuffle in self._shuffles])


class SeedsLog(TrainingLog):
  """metrics.jsonl with one line {"step": s, "seed": seed, NAME: mean, ...} per seed and logged
  step; TensorBoard scalars NAME/seed_SEED."""

  def __init__(self, workdir, start_step: int, seeds: list[int], active: bool = True):
    super().__init__(workdir, start_step, active)
    self.seeds = seeds

  def write(self, step: int, metrics: dict[str, list[float]]) -> None:
    for i, seed in enumerate(self.seeds):
      super().write(step, {name: seed_means[i] for name, seed_means in metrics.items()}, seed)


class Sweep(Trainer):
  """`Trainer` of `seeds` seeds at once; its state is the seeds' states stacked as SEED_AXES says."""
  sampled_by_command = False

  def __init__(self, config: ml_collections.ConfigDict, workdir: str, seeds: int, progress: bool = True):
    if not isinstance(seeds, int) or seeds < 1:
      raise GenjaxError(f'the number of seeds must be at least 1, got {seeds!r}')
    self.seeds = [config.seed + i for i in range(seeds)]
    check_seed(self.seeds[-1], f'the last seed, config.seed + {seeds} - 1,')
    super().__init__(config, workdir, progress)

  def _shuffle(self, num_examples: int, batch_size: int, batches: int) -> SeedShuffles:
    return SeedShuffles(num_examples, batch_size, batches, self.seeds)

  def _root_key(self) -> jax.Array:
    return jax.vmap(lambda seed: root_key(seed, self.config.rng_impl))(np.array(self.seeds))

  def _per_seed(self, fn, in_axes=0, out_axes=0):
    return jax.vmap(fn, in_axes=in_axes, out_axes=out_axes)

  def _open_log(self, step: int, active: bool) -> SeedsLog:
    return SeedsLog(self.workdir, step, self.seeds, active)

  def _record(self, step: int) -> dict:
    return {**super()._record(step), 'seeds': self.seeds}

  def save_samples(self, state, step: int, log: TrainingLog) -> None:
    """Each seed's grid to samples/seed_SEED.png, replacing the one of an earlier step."""
    samples = np.asarray(self._sample(state))
    if log.active:
      for seed, seed_samples in zip(self.seeds, samples):
        image = save_sample_picture(self.workdir / 'samples' / f'seed_{seed}.png', seed_samples, self.spec,
                                    real=self.dataset.test_x)
        log.write_image(f'samples/seed_{seed}', step, image)
