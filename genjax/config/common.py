"""The keys every experiment has, with their defaults, and their checks; a player's optimizer
settings; `base_config(method)` fills in a method's own model keys and one optimizer per player."""
import copy
from collections.abc import Collection, Sequence

import ml_collections

from genjax.config.overrides import apply_override
from genjax.core import distributed
from genjax.core.rng import RNG_IMPLS
from genjax.errors import GenjaxError, check_seed


def base_config(method: str = '') -> ml_collections.ConfigDict:
  """The keys every experiment has. With a `method` name, also its model keys with their defaults
  (the method's `model_config()`) and default optimizer settings for each of its optimizers (one per player), so a
  config file only sets what it changes.

    config = base_config('vae')
    config.model.latent_dim = 8
    config.optim.vae.learning_rate = 1e-3
  """
  config = ml_collections.ConfigDict({
      'method': method,
      'seed': 0,
      'steps': 1000,
      'batch_size': 64,
      'log_every': 100,
      'checkpoint_every': 1000,
      'sample_every': 1000,
      'keep_checkpoints': 3,
      'num_grid_samples': 64,
      # Training steps fused into one dispatch with lax.scan (measure: it pays for small nets).
      'steps_per_dispatch': 1,
      # Compute dtype of the nets: 'float32', or 'bfloat16' (parameters and optimizer stay fp32).
      'compute_dtype': 'float32',
      # The key implementation of every random stream: 'threefry2x32', 'rbg' or 'unsafe_rbg'
      # (faster on CPU; see genjax.core.rng).
      'rng_impl': 'threefry2x32',
      # Divergence guard: a step with a non-finite loss or state is skipped inside the jitted step;
      # this many consecutive skips stop the run (checked at log steps). 0: skip, never stop.
      'max_consecutive_skips': 10,
      # Test hook: steps whose batch is all NaN, to provoke the guard.
      'nan_batches_at': (),
      'data': {
          'source': '',
          # Images: 'unit' scales pixels to [0, 1], 'signed' to [-1, 1]. Ignored for points.
          'range': 'unit',
          # Per batch, with the step's key: x ~ Bernoulli(x) (needs range 'unit').
          'binarize': False,
          # Per batch: uniform noise of one quantization level (Theis et al. 2016).
          'dequantize': False,
          # A tfds: source's training split, any TFDS split string ('train[:80%]'); '' takes 'train'.
          # The set's 'test' (else 'validation') split is held out; without one, test_fraction of it.
          'split': '',
          # Images, example by example: a centred square crop of side center_crop (CelebA's usual:
          # 178), then a resize to side x side, then a zero-pad to pad_to (each 0: off).
          'center_crop': 0,
          'resize': 0,
          'pad_to': 0,
          # Per batch, with the step's key: mirror each image left-right with probability 1/2
          # (before binarize or dequantize).
          'random_flip': False,
          # Fraction of a source without its own test split held out, deterministically.
          'test_fraction': 0.1,
          # Points drawn for a toy source's training set.
          'toy_size': 100_000,
          # How batches reach the devices: 'device' holds the training set on them whole (in its
          # stored dtype: uint8 pixels), 'stream' reads each step's batch with Grain as it trains
          # (each process its own rows), 'auto' streams a set whose stored size exceeds
          # device_budget_gb. Both give the same batches, so the choice never changes a run.
          'pipeline': 'auto',
          'device_budget_gb': 4.0,
          # Streaming: reading threads, steps read ahead, worker processes besides the threads.
          'stream': {'threads': 8, 'prefetch_steps': 4, 'workers': 0},
      },
      'model': {},
      'optim': {},
      'distributed': distributed.config(),
  })
  if method:
    from genjax import methods  # pylint: disable=import-outside-toplevel  # heavy: jax and flax
    config.model = methods.model_defaults(method)
    for name in methods.optimizer_names(method):
      config.optim[name] = optimizer_config()
  return config


def with_method(config: ml_collections.ConfigDict, method: str) -> ml_collections.ConfigDict:
  """`config`'s experiment (its common keys: schedule, data, ...) run by another `method`, whose
  model and optimizers start from their defaults (two methods' same-named model keys may mean
  different things: the VAE's KL weight `beta` is the VQ-VAE's commitment cost).

    config = with_method(extend(__file__, 'vae_digits.py'), 'ae')   # vae_digits' schedule and data
  """
  switched = base_config(method)
  for key, value in config.items():
    if key not in ('method', 'model', 'optim'):
      switched[key] = copy.deepcopy(value)
  return switched


def optimizer_config(name: str = 'adam', learning_rate: float = 1e-3, b1: float = 0.9,
                     b2: float = 0.999, weight_decay: float = 0.0, momentum: float = 0.0,
                     ema_decay: float = 0.0) -> ml_collections.ConfigDict:
  """A player's optimizer settings; `ema_decay` > 0 keeps an EMA of its weights for sampling."""
  return ml_collections.ConfigDict(dict(name=name, learning_rate=learning_rate, b1=b1, b2=b2,
                                        weight_decay=weight_decay, momentum=momentum,
                                        ema_decay=ema_decay))



_POSITIVE_INTS = ('steps', 'batch_size', 'log_every', 'checkpoint_every', 'sample_every',
                  'keep_checkpoints', 'num_grid_samples', 'steps_per_dispatch')
COMPUTE_DTYPES = ('float32', 'bfloat16')


def validate_common(config: ml_collections.ConfigDict) -> None:
  """Checks the keys every config shares, so a bad value fails before any work starts."""
  for key in ('method', 'data', 'model', 'optim'):
    if key not in config:
      raise GenjaxError(f'the config has no {key!r} entry (build it on genjax.config.base_config)')
  for key in _POSITIVE_INTS:
    value = config.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
      raise GenjaxError(f'config key {key!r} must be a positive integer, got {value!r}')
  check_seed(config.get('seed'), 'config key seed')
  value = config.get('max_consecutive_skips')
  if not isinstance(value, int) or isinstance(value, bool) or value < 0:
    raise GenjaxError(f'config key max_consecutive_skips must be a non-negative integer, got {value!r}')
  if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in config.nan_batches_at):
    raise GenjaxError(f'config key nan_batches_at must hold step numbers >= 0, got {config.nan_batches_at!r}')
  if not config.data.source:
    raise GenjaxError('config key data.source is empty')
  if config.rng_impl not in RNG_IMPLS:
    raise GenjaxError(f"config key rng_impl must be one of {', '.join(RNG_IMPLS)}, got {config.rng_impl!r}")
  if config.compute_dtype not in COMPUTE_DTYPES:
    raise GenjaxError(f"config key compute_dtype must be one of {', '.join(COMPUTE_DTYPES)}, "
                      f'got {config.compute_dtype!r}')


def data_config(command: str, source: str, overrides: Sequence[str],
                keys: Collection[str] | None = None) -> ml_collections.ConfigDict:
  """The `data` config of a data command (`genjax prepare`, `genjax stats`): the defaults with
  `source` and the command line's `data.KEY=VALUE` `overrides`, of `keys` only when given."""
  config = base_config()
  config.data.source = source
  for override in overrides:
    key = override.partition('=')[0].removeprefix('data.')
    if not override.startswith('data.') or (keys is not None and key not in keys):
      allowed = f'for KEY in {", ".join(keys)} (what it stores; the rest applies when reading)' if keys else 'overrides only'
      raise GenjaxError(f'genjax {command} takes --config.data.KEY=VALUE {allowed}, got --config.{override}')
    apply_override(config, override)
  return config.data
