"""The one training loop that runs any method: fresh or resumed, one device or many.

The step is a pure function of (state, step): its key is fold_in(train key, step) and its batch is
fixed by (seed, step), so training 2N steps equals training N, stopping, resuming and training N.
"""
import contextlib
import functools
import json
import os
import shutil
from collections.abc import Iterator

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import tqdm
from PIL import Image

from genjax.config import validate_common
from genjax.core import distributed, guard, sharding
from genjax.core.checkpoint import Checkpoints
from genjax.core.memory import check_fits
from genjax.core.rng import root_key, streams
from genjax.core.state import TrainState, jit_init
from genjax.core.stop_signals import StopRequested, StopSignals
from genjax.data import batch_transform
from genjax.data.labelled import labelled_examples
from genjax.data.pipeline import EpochShuffle, batch_of, device_arrays, step_indices
from genjax.data.run_data import open_run_data, stream_options
from genjax.data.spec import DataSpec
from genjax.data.stream import StreamedBatches, StreamedDataset
from genjax.errors import GenjaxError
from genjax.methods import Method, build_method
from genjax.methods.base import AdversarialField, GroupsItsBatch, LearnsFromLabelledSubset, Sampler, Translator
from genjax.nets.downsample import traced_in_a_loop
from genjax.runs.directory import prepare_workdir, save_run_config, workdir_lock
from genjax.runs.training_log import TrainingLog
from genjax.training.gan_lab_recorder import GanLabRecorder
from genjax.viz.frames import step_file
from genjax.viz.samples import save_sample_picture
from genjax.viz.translations import save_translation_grid, translation_rows

# Record entries a resumed run must share with the checkpoint: they fix its keys and batches.
_MUST_MATCH = ('method', 'root_key', 'batch_size', 'data_spec', 'seeds', 'data_selection', 'batches_per_step')
# Entries older checkpoints lack: compared only where the record has them.
_ADDED_LATER = ('data_selection', 'batches_per_step')
# The data settings that choose which examples are training or held-out ones, and how many a step takes.
# An unset one ('' or None) is left out, so records made before a setting existed still match.
_DATA_SELECTION = ('source', 'split', 'test_fraction', 'toy_size', 'sequences')
# The state of a sweep (`genjax.training.sweep`): one step count for all seeds, the players stacked on axis 0.
SEED_AXES = TrainState(step=None, players=0)


def make_train_step(method: Method, data_cfg: ml_collections.ConfigDict, spec: DataSpec,
                    train_key: jax.Array, mesh: jax.sharding.Mesh, fused_steps: int = 1,
                    nan_batches_at: tuple[int, ...] = ()):
  """The jitted (state, resident, inputs [K, B]) -> (state, metrics [K]) of K = `fused_steps` steps.

  The inputs are the steps' batch indices into the `resident` training arrays (the device path), or
  the steps' batches themselves with nothing resident (the streaming path); either way the stored
  examples (uint8 pixels) are decoded to floats here. One dispatch runs K steps under `lax.scan`
  (K = 1 runs the step alone); the state's buffers are donated. Step s uses the key
  fold_in(train_key, s) and the batch of inputs[s], so K steps fused are the same computation as K
  single steps. A method that takes n = `batches_per_step` > 1 batches a step gets them stacked:
  inputs [K, n, B], its batch [n, B, ...]. Batches are split over 'data' along their B axis. A step
  whose losses or new state are not finite is skipped (`guard.keep_if_finite`); the steps in
  `nan_batches_at` (a test hook) get a batch of NaN.

  A stack of S train keys (a sweep) trains S independent runs in one program: the state is stacked
  as `SEED_AXES` says, indices are [K, S, B] ([K, S, n, B]) and metrics [S, K].
  """
  def one_step(key: jax.Array, state: TrainState, resident: dict, step_input):
    data_key, method_key = streams(jax.random.fold_in(key, state.step), 'data', 'method')
    batch = batch_of(resident, step_input)
    batch_axis = batch['x'].ndim - len(spec.shape) - 1
    batch = jax.lax.with_sharding_constraint(batch, sharding.batch_sharded(mesh, axis=batch_axis))
    batch['x'] = batch_transform(spec.decode(batch['x']), data_key, data_cfg, spec.levels, spec.value_range)
    if nan_batches_at:
      batch['x'] = jnp.where(jnp.isin(state.step, jnp.array(nan_batches_at)), jnp.nan, batch['x'])
    new_state, metrics = method.train_step(state, batch, method_key)
    players, metrics = guard.keep_if_finite(state.players, new_state.players, metrics)
    return new_state.replace(step=state.step + 1, players=players), metrics

  def steps(key: jax.Array, state: TrainState, resident: dict, step_inputs):
    if fused_steps == 1:
      state, metrics = one_step(key, state, resident, jax.tree.map(lambda a: a[0], step_inputs))
      return state, jax.tree.map(lambda value: value[None], metrics)
    with traced_in_a_loop():  # Strided convs in their matmul form (genjax.nets.downsample).
      return jax.lax.scan(lambda carry, step_input: one_step(key, carry, resident, step_input), state, step_inputs)

  if train_key.ndim:
    steps = jax.vmap(steps, in_axes=(0, SEED_AXES, None, 1), out_axes=(SEED_AXES, 0))
  replicated = sharding.replicated(mesh)
  return jax.jit(functools.partial(steps, train_key), donate_argnums=0,
                 out_shardings=(replicated, replicated))


class Trainer:
  """Everything a run needs, built once; `run()` trains to `config.steps`."""
  sampled_by_command = True  # `genjax sample` reads its workdir (a sweep's stacked seeds it does not).

  def __init__(self, config: ml_collections.ConfigDict, workdir: str, progress: bool = True):
    validate_common(config)
    distributed.initialize(config.distributed)
    self.config, self.progress = config, progress
    self.workdir = prepare_workdir(workdir)
    self.dataset = open_run_data(config.data)
    self.spec = DataSpec.of(self.dataset)
    self.method = build_method(config, self.spec)
    if isinstance(self.method, LearnsFromLabelledSubset) and self.method.wants_labelled:
      self.method.labelled = labelled_examples(self.dataset, config.data, *self.method.wants_labelled)
    self.mesh = sharding.data_mesh()
    check_batch_size(config.batch_size, self.mesh.devices.size, self.method)
    streamed = isinstance(self.dataset, StreamedDataset)
    num_train = len(self.dataset.train if streamed else self.dataset.train_raw)
    self.shuffle = self._shuffle(num_train, config.batch_size, self.method.batches_per_step)
    self.resident = {} if streamed else device_arrays(
        self.dataset.train_raw, self.dataset.train_y, sharding.replicated(self.mesh), mask=self.dataset.train_mask)
    self.batches = StreamedBatches(self.dataset, self.shuffle, self.mesh, config.steps,
                                   stream_options(config.data)) if streamed else None
    self._boundaries = (config.log_every, config.sample_every, config.checkpoint_every)
    self.root_key = self._root_key()
    init_key, train_key, self.sample_key = self._per_seed(
        lambda key: streams(key, 'init', 'train', 'sample'))(self.root_key)
    self.train_steps = {k: make_train_step(self.method, config.data, self.spec, train_key, self.mesh, k,
                                           tuple(config.nan_batches_at))
                        for k in {1, config.steps_per_dispatch}}
    init = self._per_seed(lambda key: self.method.init(key, self.spec.example_batch(config.batch_size)),
                          out_axes=SEED_AXES)
    self._init = jit_init(lambda: init(init_key), out_shardings=sharding.replicated(self.mesh))
    self.abstract_state = jax.eval_shape(self._init)  # Shapes only: nothing is allocated yet.
    check_fits(self.abstract_state, 'the train state (parameters and optimizer state)')
    sample = self._per_seed(lambda state, key: self.method.sample(state, key, config.num_grid_samples),
                            in_axes=(SEED_AXES, 0))
    self._sample = jax.jit(lambda state: sample(state, self.sample_key))
    self._translate = jax.jit(self.method.round_trips) if isinstance(self.method, Translator) else None
    self.checkpoints = Checkpoints(self.workdir / 'checkpoints', config.keep_checkpoints)
    pictured = self.spec.shape == (2,) and isinstance(self.method, AdversarialField)
    self.gan_lab = GanLabRecorder(self.method, self.dataset.train_x, self.workdir) if pictured else None
    self.stepped = False  # Whether a step has run (a failure before one removes a workdir the run created).

  # Hooks that a sweep (`genjax.training.sweep_trainer.Sweep`) overrides, with `_record` and `save_samples`.
  def _shuffle(self, num_examples: int, batch_size: int, batches: int) -> EpochShuffle:
    return EpochShuffle(num_examples, batch_size, self.config.seed, batches)

  def _root_key(self) -> jax.Array:
    return root_key(self.config.seed, self.config.rng_impl)

  def _per_seed(self, fn, in_axes=0, out_axes=0):
    """`fn` of one seed's keys and state (a sweep vmaps it over its seeds with these axes)."""
    return fn

  def _open_log(self, step: int, active: bool) -> TrainingLog:
    return TrainingLog(self.workdir, step, active=active)

  def initial_state(self) -> TrainState:
    """The newest checkpoint's state if there is one (checked against this run), else a new one."""
    step = self.checkpoints.latest_step()
    if step is None:
      return self._init()
    record = self.checkpoints.read_record(step)
    self._check_record(record, step)
    replicated = sharding.replicated(self.mesh)
    abstract = jax.tree.map(lambda a: jax.ShapeDtypeStruct(a.shape, a.dtype, sharding=replicated),
                            self.abstract_state)
    return self.checkpoints.restore(step, abstract)

  def _check_record(self, record: dict, step: int) -> None:
    expected = {key: value for key, value in self._record(step).items()
                if key in _MUST_MATCH and (key in record or key not in _ADDED_LATER)}
    differ = [f'{name}: checkpoint {found} vs config {wanted}'
              for key in expected for name, found, wanted in _differences(key, record.get(key), expected[key])]
    if differ:
      raise GenjaxError(f'checkpoint {step} in {self.workdir} was made by another run ({"; ".join(differ)}); '
                        'use a new --workdir')

  def _record(self, step: int) -> dict:
    epoch, index = self.shuffle.position(step)
    return {'step': step, 'method': self.config.method, 'seed': self.config.seed,
            'root_key': np.asarray(jax.random.key_data(self.root_key)).tolist(),
            'batch_size': self.config.batch_size, 'data_position': {'epoch': epoch, 'index': index},
            'data_spec': json.loads(json.dumps(self.spec.to_json())),
            'data_selection': {key: value for key in _DATA_SELECTION
                               if (value := _plain(self.config.data.get(key))) not in ('', None)},
            'batches_per_step': self.method.batches_per_step}

  def steps_in_dispatch(self, step: int) -> int:
    """K = steps_per_dispatch if [step, step + K) starts at a multiple of K and crosses no log,
    sample or checkpoint step nor the end; else 1. Fixed by the step alone, so a resumed run
    dispatches exactly as an uninterrupted one."""
    fused = self.config.steps_per_dispatch
    end = step + fused
    if step % fused or end > self.config.steps:
      return 1
    crossed = any((end - 1) // every > step // every for every in self._boundaries)
    return 1 if crossed else fused

  def save(self, state: TrainState, step: int) -> None:
    self.checkpoints.save(step, state, self._record(step))

  def save_samples(self, state: TrainState, step: int, log: TrainingLog) -> None:
    if self._translate:
      self._save_translations(state, step, log)
      return
    samples = np.asarray(self._sample(state))  # Every process takes part; the main one draws.
    if log.active:
      image = save_sample_picture(self.workdir / 'samples' / step_file(step), samples, self.spec,
                           real=self.dataset.test_x)
      log.write_image('samples', step, image)
      if self.gan_lab:
        self.gan_lab.record(state, samples, step)

  def _save_translations(self, state: TrainState, step: int, log: TrainingLog) -> None:
    """A translator's picture: translations and round trips of the first 8 held-out pairs."""
    rows = translation_rows(self._translate, state, self.dataset.test_x[:8])
    if log.active:
      path = self.workdir / 'samples' / step_file(step)
      save_translation_grid(path, rows, self.spec.value_range)
      log.write_image('translations', step, np.asarray(Image.open(path).convert('RGB')))

  def step_inputs(self, step: int, count: int):
    """What steps [step, step + count) read: their batch indices into the resident arrays, or their
    streamed batches; global arrays [count, (seeds,) (batches,) batch, ...] split along the batch axis."""
    if self.batches:
      return self.batches.take(step, count)
    return step_indices(self.shuffle, step, count, self.mesh)

  def run(self) -> TrainState:
    """Trains to `config.steps`, holding the workdir's lock (the main process) throughout. A failed
    write (disk full, permissions) stops the run with a GenjaxError; the checkpoints written before
    it stay intact."""
    with workdir_lock(self.workdir) if distributed.is_main_process() else contextlib.nullcontext():
      try:
        return self._run()
      except OSError as e:  # A full disk or a lost permission under a log, picture or config write.
        raise GenjaxError(f'a write in {self.workdir} failed ({e.strerror or e}); '
                          f'{self.checkpoints.newest_complete()}') from e

  def _run(self) -> TrainState:
    config = self.config
    state = self.initial_state()
    step = int(state.step)
    if step > config.steps:  # Training would do nothing; the recorded config stays the run's.
      raise GenjaxError(f'{self.workdir} holds a checkpoint of step {step}, past steps={config.steps}: '
                        f'set --config.steps above {step} to train on, or use a new --workdir')
    main = distributed.is_main_process()
    if main:
      save_run_config(self.workdir, config)
    log = self._open_log(step, main)
    skips = guard.ConsecutiveSkips(config.max_consecutive_skips)
    pending: list[dict] = []
    saves_pictures = isinstance(self.method, Sampler) or self._translate  # of samples or translations
    if main:
      print(f'genjax: {self._start_line(step)}', flush=True)
    bar = tqdm.tqdm(total=config.steps, initial=step, unit='step', dynamic_ncols=True, desc='compiling',
                    mininterval=0.5, disable=not (self.progress and main))
    means = {}
    with StopSignals() as stop:  # Also over the teardown: a first signal there only waits for the final save.
      try:
        while step < config.steps and not stop.requested:
          count = self.steps_in_dispatch(step)
          state, metrics = self.train_steps[count](state, self.resident, self.step_inputs(step, count))
          pending.append(metrics)
          step += count
          if not self.stepped:  # The first dispatch compiles: rates and time left start after it.
            self.stepped = True
            jax.block_until_ready(metrics)
            _restart_clock(bar, step)
          else:
            bar.update(count)
          last = step == config.steps
          if step % config.log_every == 0 or last:
            pending = jax.device_get(pending)  # The one host transfer per log.
            skips.update(np.concatenate([metrics[guard.SKIPPED] for metrics in pending], axis=-1), step)
            means = _mean_metrics(pending)
            pending.clear()
            log.write(step, means)
            bar.set_postfix({k: f'{np.mean(v):.4g}' for k, v in means.items()}, refresh=False)
          if saves_pictures and (step % config.sample_every == 0 or last):
            self.save_samples(state, step, log)
          if step % config.checkpoint_every == 0 or last:
            self.save(state, step)
        if stop.requested:
          print(f'{stop.requested} at step {step}: saving a checkpoint (another signal stops at once)', flush=True)
          self.save(state, step)
        if self.gan_lab and main:
          self.gan_lab.finish()
      finally:
        bar.close()
        if self.batches:
          self.batches.close()
        log.close()
        self.checkpoints.close()
    if stop.requested:
      print(f'checkpoint saved in {self.checkpoints.directory}')
    elif main:
      print(self._summary(step, means), flush=True)
    return state

  def _start_line(self, step: int) -> str:
    what = f'{self.config.method} on {self.config.data.source}'
    if step:
      return f'resuming from step {step} of {self.config.steps} ({what}) in {self.workdir}'
    return f'training {what} for {self.config.steps} steps from a fresh start in {self.workdir}'

  def _summary(self, step: int, means: dict) -> str:
    """What a finished run says: its last logged metrics, where its files are and how to look at them."""
    final = ', '.join(f'{name} {np.mean(value):.4g}' for name, value in means.items())
    workdir = self.workdir
    lines = [f'genjax: trained to step {step}' + (f'; final {final}' if final else ''),
             f'  samples      {workdir / "samples"}',
             f'  checkpoints  {self.checkpoints.directory}',
             f'  metrics      {workdir / "metrics.jsonl"} (view: tensorboard --logdir {workdir / "tensorboard"})']
    if isinstance(self.method, Sampler) and self.sampled_by_command:
      lines.append(f'  sample with  genjax sample --workdir {workdir} --num 64 --out {workdir / "sample.png"}')
    return '\n'.join(lines)


def check_batch_size(batch_size: int, devices: int, method: Method) -> None:
  """The one check that config.batch_size splits as it must: evenly over the devices, and into the
  groups a method forms of each batch (`GroupsItsBatch.batch_divisors`, e.g. PacGAN's {'model.pack': m})."""
  groups = method.batch_divisors if isinstance(method, GroupsItsBatch) else {}
  divisors = {f'the {devices} devices': devices, **{f'{key} {value}': value for key, value in groups.items()}}
  indivisible = [name for name, divisor in divisors.items() if batch_size % divisor]
  if indivisible:
    raise GenjaxError(f"batch_size {batch_size} is not divisible by {' and '.join(indivisible)}")


def train(config: ml_collections.ConfigDict, workdir: str, progress: bool = True) -> TrainState:
  """Trains to `config.steps`, resuming from the newest checkpoint in `workdir` if there is one."""
  trainer = None
  with removed_unless_stepped(workdir, lambda: trainer is not None and trainer.stepped):
    trainer = Trainer(config, workdir, progress)
    return trainer.run()


@contextlib.contextmanager
def removed_unless_stepped(workdir: str, stepped) -> Iterator[None]:
  """Removes `workdir` if the block fails (any exception, a stop signal included) where it created the
  folder and `stepped()` says no training step ran: a run that never started leaves nothing behind.
  A folder that existed before is left as it was."""
  created = not os.path.lexists(workdir)
  try:
    yield
  except BaseException as e:
    if created and not stepped() and distributed.is_main_process():
      shutil.rmtree(workdir, ignore_errors=True)
      if isinstance(e, StopRequested):
        e.removed_workdir = workdir
    raise


def _restart_clock(bar: tqdm.tqdm, step: int) -> None:
  """The bar at `step`, its clock (rate, time left) started now: the first dispatch, which compiles, is
  left out of them."""
  bar.reset(total=bar.total)
  bar.initial = bar.n = bar.last_print_n = step
  bar.set_description_str('', refresh=False)
  bar.refresh()


def _plain(value):
  """A config value as JSON reads it back (ConfigDicts as dicts, tuples as lists)."""
  return json.loads(json.dumps(value.to_dict() if isinstance(value, ml_collections.ConfigDict) else value))


def _differences(key: str, found, wanted) -> list[tuple[str, object, object]]:
  """(name, found, wanted) of each entry that differs; a dict's entries are named key.entry."""
  if isinstance(found, dict) and isinstance(wanted, dict):
    return [(f'{key}.{name}', found.get(name), wanted.get(name)) for name in sorted(found.keys() | wanted.keys())
            if found.get(name) != wanted.get(name)]
  return [] if found == wanted else [(key, found, wanted)]


def _mean_metrics(pending: list[dict]) -> dict[str, float | list[float]]:
  """The mean of each metric over the steps since the last log (host arrays [..., K]); in a sweep,
  a list of each seed's mean."""
  return {name: np.mean(np.concatenate([metrics[name] for metrics in pending], axis=-1), axis=-1).tolist()
          for name in pending[0]}
