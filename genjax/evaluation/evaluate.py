"""`genjax eval`: the metrics that fit a trained run's method and data, written to DIR/eval.json.

Samples are drawn from the newest checkpoint with `--seed`; real data is the run's held-out split.
Sample-quality metrics on images need a feature extractor: a trained classifier run
(`--classifier DIR`, MNIST-scale images) or InceptionV3 weights (`--inception_weights PATH`).
"""
import contextlib
import dataclasses
import functools
import pathlib
import time
from collections.abc import Callable, Iterator

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np

from genjax import metrics
from genjax.core.files import check_target, write_json_atomic, writing
from genjax.data import batch_transform, load_domains
from genjax.data.stacked import channel_labels
from genjax.data.toy import MIXTURES
from genjax.errors import GenjaxError
from genjax.evaluation.features import ClassifierFeatures, make_extractor
from genjax.evaluation.reference_stats import ReferenceStats, feature_dim, load_reference_stats
from genjax.methods.base import ClassConditional, LikelihoodBound, Sampler, Translator
from genjax.methods.classifier import Classifier
from genjax.runs.directory import load_run_config
from genjax.runs.latest import draw_samples, jit_sample
from genjax.runs.run import Run, load

SAMPLE_METRICS = ('fid', 'kid', 'is', 'prdc')   # need features of samples (images: an extractor)
TRANSLATION_METRICS = ('cycle_error', 'translation_accuracy')
ALL_METRICS = ('accuracy', 'nll', 'modes', *SAMPLE_METRICS, 'parzen', 'label_accuracy', *TRANSLATION_METRICS)


@dataclasses.dataclass
class Options:
  metrics: tuple[str, ...] = ()       # empty: those that fit the run
  num_samples: int = 0                # 0: 2,500 for 2-D points (the toy recipe), 10,000 for images
  seed: int = 0
  classifier: str = ''                # a classifier run's workdir, for image features
  inception_weights: str = ''
  iwae_samples: int = 5000            # Burda et al.'s k for the NLL


def default_metrics(method, dataset, extractor) -> tuple[str, ...]:
  """What fits: accuracy for a classifier; the likelihood for a VAE; modes for the mixture toys
  and (with a classifier) stacked digits; sample-quality metrics where samples can be featurized;
  Parzen for every generative run; with a classifier run's features, the label accuracy of a
  conditional model; for a translator, the cycle error and (with a classifier) the translation
  accuracy."""
  return _defaults(method, dataset, extractor is not None, isinstance(extractor, ClassifierFeatures))


def _defaults(method, dataset, features: bool, classifier: bool) -> tuple[str, ...]:
  """`default_metrics` with image features (`features`) and those of a classifier run (`classifier`) or without."""
  if isinstance(method, Translator):
    return TRANSLATION_METRICS if classifier else TRANSLATION_METRICS[:1]
  if not isinstance(method, Sampler):
    return ('accuracy',)
  chosen = ['nll'] if isinstance(method, LikelihoodBound) else []
  featurized = dataset.kind == 'points' or features
  has_modes = dataset.name.removeprefix('toy:') in MIXTURES or (dataset.name.startswith('stacked:') and features)
  chosen += ['modes'] if has_modes else []
  chosen += ['prdc'] if dataset.kind == 'points' else list(SAMPLE_METRICS) if featurized else []
  conditional = _classes(method) and classifier
  return (*chosen, 'parzen', *(['label_accuracy'] if conditional else []))


def skipped_note(method, dataset, options: 'Options') -> str | None:
  """The line saying which default metrics need features no option gave, and how to get them; None
  when nothing was skipped (metrics named, an extractor given, or none would add any)."""
  if options.metrics or options.classifier or options.inception_weights or dataset.kind != 'image':
    return None
  bare = _defaults(method, dataset, False, False)
  skipped = [name for name in _defaults(method, dataset, True, True) if name not in bare]
  if not skipped:
    return None
  classifier = 'classifier_mnist' if 'mnist' in dataset.name else 'classifier_digits'
  any_features = [name for name in _defaults(method, dataset, True, False) if name not in bare]
  return (f"skipped {', '.join(skipped)}: they need image features; to enable them, train a classifier "
          f'(genjax train --config {classifier} --workdir runs/{classifier}) and pass --classifier runs/{classifier}'
          + (', or pass --inception_weights PATH (docs/inception.md)' if any_features else ''))


def options(metrics=(), num_samples: int = 0, seed: int = 0, classifier: str = '', inception_weights: str = '',
            iwae_samples: int = 5000) -> Options:
  """`Options`, checked as `genjax eval` checks its flags; `metrics` a tuple or a comma-separated string."""
  if num_samples < 0 or iwae_samples < 1:
    raise GenjaxError('--num_samples must be >= 0 and --iwae_samples >= 1')
  names = tuple(m for m in metrics.split(',') if m) if isinstance(metrics, str) else tuple(metrics)
  return Options(names, num_samples, seed, classifier or '', inception_weights or '', iwae_samples)


def evaluate(workdir: str, options: Options, report: Callable[[list[dict]], None] = lambda rows: None,
             reference: str | None = None, say: Callable[[str], None] | None = None) -> list[dict]:
  """The metric rows of the run's newest checkpoint, written to DIR/eval.json (`evaluate_run`)."""
  load_run_config(workdir)
  check_target(pathlib.Path(workdir) / 'eval.json')
  return evaluate_run(load(workdir), options, report, reference, say)


def evaluate_run(run: Run, options: Options, report: Callable[[list[dict]], None] | None = None,
                 reference: str | None = None, say: Callable[[str], None] | None = None) -> list[dict]:
  """The metric rows of `run`, written to its eval.json (checked writable before the measuring).
  `report` gets them before the write: a write that fails late loses none. `reference`, a `genjax
  stats` (or pytorch-fid) .npz, is FID's real side in place of the held-out split's features; it is
  checked before any work. `say` gets a line as each stage starts and ends, the metrics skipped for
  want of features, and the path written."""
  say = say or (lambda line: None)
  target = check_target(pathlib.Path(run.workdir) / 'eval.json')
  method, state, spec, dataset = run.method, run.state, run.spec, run.dataset
  extractor = make_extractor(spec, options.classifier, options.inception_weights)
  stats = None
  if reference:
    if 'fid' not in metric_names(options, method, dataset, extractor):
      raise GenjaxError('--reference is the real side of fid, which is not among the metrics')
    stats = load_reference_stats(reference, feature_dim(extractor, spec))
  note = skipped_note(method, dataset, options)
  if note:
    say(note)
  rows = measure(method, state, spec, dataset, extractor, options, run.config.data, stats, say)
  rows = [dict(row, step=run.step, seed=options.seed) for row in rows]
  if report:
    report(rows)
  with writing(target):
    write_json_atomic(target, rows)
  say(f'wrote {target}')
  return rows


# The fewest samples a metric is defined for: a covariance (FID), pairs of samples (KID's unbiased
# MMD), one per split of the Inception Score (10), density's 5 nearest neighbours plus the point.
MIN_SAMPLES = {'fid': 2, 'kid': 2, 'is': 10, 'prdc': 6}


def metric_names(options: Options, method, dataset, extractor) -> tuple[str, ...]:
  """`options.metrics`, checked, or the defaults that fit the run; refused before any work where
  `options.num_samples` is below a metric's MIN_SAMPLES."""
  names = options.metrics or default_metrics(method, dataset, extractor)
  unknown = [name for name in names if name not in ALL_METRICS]
  if unknown:
    raise GenjaxError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(ALL_METRICS)}")
  too_few = [f'{name} needs at least {MIN_SAMPLES[name]}' for name in names
             if 0 < options.num_samples < MIN_SAMPLES.get(name, 1)]
  if too_few:
    raise GenjaxError(f"--num_samples {options.num_samples} is too few: {'; '.join(too_few)}")
  return names


def measure(method, state, spec, dataset, extractor, options: Options, data_cfg: ml_collections.ConfigDict,
            reference: ReferenceStats | None = None, say: Callable[[str], None] | None = None) -> list[dict]:
  """The metric rows of a trained state; its samples are drawn with the key of `options.seed`.
  `data_cfg` (the run's config.data) says how the model saw its data: the likelihood is scored on
  the held-out split under the same per-batch transform (e.g. binarized as in training). FID
  compares with `reference`'s statistics where given, else with the held-out split's."""
  names = metric_names(options, method, dataset, extractor)
  key = jax.random.key(options.seed)
  samples = None
  stage = _stages(say)
  if isinstance(method, Sampler):
    num = options.num_samples or (2500 if spec.kind == 'points' else 10_000)
    with stage(f'drawing {num:,} samples'):
      samples = draw_samples(method, state, jax.random.fold_in(key, 0), num)
  context = _Context(method, state, spec, dataset, samples, extractor, key, options, data_cfg, reference)
  rows = []
  for i, name in enumerate(names, 1):
    with stage(f'{name} ({i} of {len(names)})'):
      rows += _METRICS[name](context)
  return rows


def _stages(say: Callable[[str], None] | None):
  """A context manager per stage that says when it starts and how long it took (nothing without `say`)."""
  @contextlib.contextmanager
  def stage(what: str) -> Iterator[None]:
    if say is None:
      yield
      return
    say(f'{what} ...')
    start = time.perf_counter()
    yield
    say(f'{what} done in {time.perf_counter() - start:.1f} s')
  return stage


def score_samples(samples: np.ndarray, dataset, spec, extractor, names: tuple[str, ...],
                  seed: int = 0) -> list[dict]:
  """Sample metrics of any array of samples (a baseline, real data) against `dataset`'s held-out split."""
  options = Options(metrics=names, seed=seed)
  context = _Context(None, None, spec, dataset, samples, extractor, jax.random.key(seed), options, None)
  return [row for name in names for row in _METRICS[name](context)]


@dataclasses.dataclass
class _Context:
  method: object
  state: object
  spec: object
  dataset: object
  samples: np.ndarray | None
  extractor: object
  key: jax.Array
  options: Options
  data_cfg: ml_collections.ConfigDict | None
  reference: ReferenceStats | None = None

  def require(self, metric: str, *, samples: bool = False, extractor: bool = False) -> None:
    if samples and self.samples is None:
      raise GenjaxError(f'{metric} needs samples: a {type(self.method).__name__} run draws none')
    if extractor and self.spec.kind == 'image' and self.extractor is None:
      raise GenjaxError(f'{metric} on images needs features: pass --classifier DIR (a classifier run) '
                        'or --inception_weights PATH')

  def _features(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(features, probs) of `x`; raw coordinates (and no probs) for points."""
    return (x, None) if self.spec.kind == 'points' else self.extractor(x, self.spec.value_range)

  @functools.cached_property
  def real(self) -> tuple[np.ndarray, np.ndarray | None]:
    """(features, probs) of the held-out data, extracted once."""
    return self._features(self.dataset.test_x)

  @functools.cached_property
  def generated(self) -> tuple[np.ndarray, np.ndarray | None]:
    """(features, probs) of the samples, extracted once."""
    return self._features(self.samples)

  @property
  def extractor_name(self) -> str:
    return 'coordinates' if self.spec.kind == 'points' else self.extractor.name


def _row(metric: str, value, context: _Context, std=None, count=None, features: str = '') -> dict:
  return {'metric': metric, 'value': float(value), 'std': None if std is None else float(std),
          'num_samples': count if count is not None else (None if context.samples is None else len(context.samples)),
          'feature_extractor': features}


def map_in_chunks(function, state, *arrays: np.ndarray, chunk: int = 500) -> np.ndarray:
  """`function(state, *chunks)`, jitted, over the examples of `arrays` `chunk` at a time; the
  outputs concatenated on the host."""
  jitted = jax.jit(function)
  return np.concatenate([np.asarray(jitted(state, *(a[i:i + chunk] for a in arrays)))
                         for i in range(0, len(arrays[0]), chunk)])


def _accuracy(context: _Context) -> list[dict]:
  if not isinstance(context.method, Classifier):
    raise GenjaxError('accuracy is for classifier runs')
  x, y = context.dataset.test_x, context.dataset.test_y
  probs = map_in_chunks(lambda state, batch: context.method.predict(state, batch)['probs'], context.state, x)
  return [_row('accuracy', np.mean(probs.argmax(-1) == y), context, count=len(x))]


def _nll(context: _Context) -> list[dict]:
  if not isinstance(context.method, LikelihoodBound):
    raise GenjaxError(f'nll needs a model with a likelihood (a VAE), not {type(context.method).__name__}')
  params = context.state.players['vae'].params
  spec, data_cfg = context.spec, context.data_cfg
  # One fixed draw of the transform: a stochastically binarized test set, as Burda et al. 2016 score.
  x = batch_transform(jnp.asarray(context.dataset.test_x), jax.random.fold_in(context.key, 2), data_cfg,
                      spec.levels, spec.value_range, augment=False)
  result = metrics.evaluate_likelihood(context.method, params, x, jax.random.fold_in(context.key, 1),
                                       context.options.iwae_samples, batch_size=100,
                                       levels=spec.levels if data_cfg.dequantize else 0)
  count = len(context.dataset.test_x)
  return [_row(name, result[name], context, count=count, features=f'k={context.options.iwae_samples}')
          for name in ('elbo', 'iwae', 'nll_nats', 'bits_per_dim')]


def _modes(context: _Context) -> list[dict]:
  """Toys: modes captured, % high quality, reverse KL (DESIGN.md). Stacked digits: modes hit of
  1,000 and KL(generated || uniform), each channel labelled by the classifier."""
  context.require('modes', samples=True)
  name = context.dataset.name
  if name.startswith('stacked:'):
    context.require('modes', extractor=True)
    _, probs = context.generated
    result = metrics.stacked_mode_metrics(channel_labels(probs.argmax(-1)))
    return [_row(metric, value, context, features=context.extractor_name) for metric, value in result.items()]
  mixture = MIXTURES.get(name.removeprefix('toy:'))
  if mixture is None:
    raise GenjaxError(f'modes is defined for toy:ring8, toy:grid25 and stacked:*, not {name}')
  result = metrics.toy_mode_metrics(context.samples, mixture.means, mixture.sigma)
  return [_row(metric, value, context, features='nearest mode') for metric, value in result.items()]


def _fid(context: _Context) -> list[dict]:
  context.require('fid', samples=True, extractor=True)
  reference = context.reference
  if reference is None:
    mu, sigma = metrics.gaussian_statistics(context.real[0])
  else:
    mu, sigma = reference.mu, reference.sigma
  value = metrics.frechet_distance(mu, sigma, *metrics.gaussian_statistics(context.generated[0]))
  features = context.extractor_name + (f'; reference {reference.path}' if reference else '')
  return [_row('fid', value, context, features=features)]


def _kid(context: _Context) -> list[dict]:
  context.require('kid', samples=True, extractor=True)
  (real, _), (fake, _) = context.real, context.generated
  mean, std = metrics.kernel_inception_distance(real, fake, subset_size=min(1000, len(real), len(fake)),
                                                seed=context.options.seed)
  return [_row('kid', mean, context, std=std, features=context.extractor_name)]


def _inception_score(context: _Context) -> list[dict]:
  context.require('is', samples=True, extractor=True)
  if context.spec.kind == 'points':
    raise GenjaxError('is needs class probabilities: not defined for 2-D points')
  _, probs = context.generated
  mean, std = metrics.inception_score(probs)
  return [_row('is', mean, context, std=std, features=context.extractor_name)]


def _prdc(context: _Context) -> list[dict]:
  context.require('prdc', samples=True, extractor=True)
  (real, _), (fake, _) = context.real, context.generated
  values = (*metrics.precision_recall(real, fake), *metrics.density_coverage(real, fake))
  return [_row(name, value, context, features=context.extractor_name)
          for name, value in zip(('precision', 'recall', 'density', 'coverage'), values)]


def _parzen(context: _Context) -> list[dict]:
  """Gaussian Parzen window on the samples, σ picked on training examples, scored on held-out
  ones (the protocol of Goodfellow et al. 2014 and Makhzani et al. 2016 (AAE), Sec. 4)."""
  context.require('parzen', samples=True)
  train, test = context.dataset.train_x, context.dataset.test_x
  validation = train[np.random.default_rng(context.options.seed).permutation(len(train))[:len(test)]]
  low, high = context.spec.value_range
  sigmas = np.geomspace(0.005, 1.0, 16) * (high - low)
  result = metrics.parzen_log_likelihood(context.samples, validation, test, sigmas)
  return [_row('parzen', result['mean'], context, std=result['std_error'],
               features=f"sigma={result['sigma']:.4g}")]


def _classes(method) -> int:
  """The classes a conditional model samples by label; 0 for any other."""
  return method.num_classes if isinstance(method, ClassConditional) else 0


def _label_accuracy(context: _Context) -> list[dict]:
  """Conditional models: the share of samples drawn for class k that the domain classifier calls k,
  over `num_samples` split evenly between the classes."""
  num_classes = _classes(context.method)
  if not num_classes:
    raise GenjaxError('label_accuracy needs a conditional model (one trained with class labels)')
  if not isinstance(context.extractor, ClassifierFeatures):
    raise GenjaxError('label_accuracy needs a classifier of the data\'s classes: pass --classifier DIR')
  per_class = max(len(context.samples) // num_classes, 1)
  hits, sample = 0, jit_sample(context.method)  # One program for every label.
  for label in range(num_classes):
    samples = draw_samples(context.method, context.state, jax.random.fold_in(context.key, 10 + label),
                           per_class, label, sample)
    _, probs = context.extractor(samples, context.spec.value_range)
    hits += int(np.sum(probs.argmax(-1) == label))
  return [_row('label_accuracy', hits / (per_class * num_classes), context, count=per_class * num_classes,
               features=context.extractor_name)]


def _translator(context: _Context, metric: str) -> Translator:
  if not isinstance(context.method, Translator):
    raise GenjaxError(f'{metric} is for translation runs (cyclegan), not {type(context.method).__name__}')
  return context.method


def _cycle_error(context: _Context) -> list[dict]:
  """Mean absolute round-trip error of the held-out pairs, per domain, in [0, 1]-pixel units:
  |F(G(a)) − a| ('cycle_error_a') and |G(F(b)) − b| ('cycle_error_b')."""
  method = _translator(context, 'cycle_error')
  low, high = context.spec.value_range
  errors = map_in_chunks(method.cycle_errors, context.state, context.dataset.test_x) / (high - low)
  return [_row(f'cycle_error_{domain}', errors[:, i].mean(), context, std=errors[:, i].std(), count=len(errors))
          for i, domain in enumerate('ab')]


def _translation_accuracy(context: _Context) -> list[dict]:
  """Does the digit survive translation? Into the domain the classifier run was trained on (its
  data source names a domain of the pair 'pair:BASE:OTHER': BASE is domain A, OTHER domain B): the
  share of held-out translations that it gives the source image's label ('translation_accuracy_ab'
  for G(a), '_ba' for F(b)), beside its accuracy on the untranslated source images
  ('untranslated_accuracy_a' or '_b'), the score of doing nothing."""
  method = _translator(context, 'translation_accuracy')
  if not isinstance(context.extractor, ClassifierFeatures):
    raise GenjaxError('translation_accuracy needs a classifier run of one domain: pass --classifier DIR')
  _, base, other = context.data_cfg.source.split(':')
  target = {base: 'a', other: 'b'}.get(context.extractor.source)
  if target is None:
    raise GenjaxError(f'the classifier was trained on {context.extractor.source!r}, which is neither domain '
                      f'of {context.data_cfg.source} ({base!r} and {other!r})')
  source = 'b' if target == 'a' else 'a'
  direction = source + target
  domains = dict(zip('ab', load_domains(context.data_cfg)))
  pairs, labels = context.dataset.test_x, domains[source].test_y
  if labels is None:
    raise GenjaxError(f'{context.data_cfg.source}: the held-out images have no labels')
  translated = map_in_chunks(lambda state, x: method.round_trips(state, x)[direction], context.state, pairs)
  index = 'ab'.index(source)
  untranslated = pairs[..., index:index + 1]
  rows = []
  for name, images in ((f'translation_accuracy_{direction}', translated), (f'untranslated_accuracy_{source}', untranslated)):
    _, probs = context.extractor(images, context.spec.value_range)
    rows.append(_row(name, np.mean(probs.argmax(-1) == labels), context, count=len(labels),
                     features=context.extractor_name))
  return rows


_METRICS = {'accuracy': _accuracy, 'nll': _nll, 'modes': _modes, 'fid': _fid, 'kid': _kid,
            'is': _inception_score, 'prdc': _prdc, 'parzen': _parzen,
            'label_accuracy': _label_accuracy, 'cycle_error': _cycle_error,
            'translation_accuracy': _translation_accuracy}


def format_table(rows: list[dict]) -> str:
  lines = [f"{'metric':<14}{'value':>14}{'std':>12}{'samples':>10}  features"]
  for row in rows:
    std = '' if row['std'] is None else f"{row['std']:.4g}"
    lines.append(f"{row['metric']:<14}{row['value']:>14.6g}{std:>12}{row['num_samples'] or '':>10}  "
                 f"{row['feature_extractor']}")
  return '\n'.join(lines)
