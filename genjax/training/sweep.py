"""`genjax sweep`: S seeds of one config trained as one compiled program, then measured one by one.

    genjax sweep --config FILE --seeds S --workdir DIR [--config.KEY=VALUE ...]

Seed i = config.seed + i trains what `genjax train` with that seed trains (`genjax.training.sweep_trainer`)
and is measured as `genjax eval --seed SEED` measures that run: the default metrics that need no
feature extractor unless one is given (`Options.classifier`, `Options.inception_weights`). DIR gets
checkpoints of the stacked state (resumed like `train`; another number of seeds is refused),
metrics.jsonl with a line per seed and logged step, samples/seed_SEED.png and sweep.json.

Supported: one process with one device or many (the state replicated, each seed's batch split over
the devices). Many processes train as `train` does but are untested.
"""
import dataclasses
import json
from collections.abc import Callable

import jax
import ml_collections
import numpy as np

from genjax.core import distributed
from genjax.core.files import check_target, write_json_atomic, writing
from genjax.errors import GenjaxError
from genjax.evaluation import evaluate
from genjax.evaluation.features import make_extractor
from genjax.methods import METHODS
from genjax.methods.base import Sampler
from genjax.training.sweep_trainer import Sweep
from genjax.training.trainer import removed_unless_stepped


def run_sweep(config: ml_collections.ConfigDict, workdir: str, seeds: int, progress: bool = True,
              options: evaluate.Options | None = None,
              report: Callable[[dict], None] = lambda result: None) -> dict | None:
  """Trains seeds config.seed + i, i < `seeds`, in `workdir` (resuming), then measures each.

  Args:
    config: the experiment, as for `genjax.training.trainer.train`.
    workdir: the sweep's directory.
    seeds: how many seeds.
    progress: show a progress bar.
    options: what to measure, as for `genjax eval` (its `seed` is ignored: each seed uses its own).
    report: gets the result before it is written (sweep.json is checked writable before training).

  Returns:
    What it writes to workdir/sweep.json: {"config", "step", "seeds": [seed values], "metrics": [{name:
    value} per seed], "mean": {name: value}, "std": {name: sample std, None for one seed}}; None when
    a signal stopped training (a checkpoint is saved: run again to resume).
  """
  options = options or evaluate.Options()
  method_class = METHODS.get(config.method)
  if method_class is not None and not issubclass(method_class, Sampler):
    raise GenjaxError(f"a sweep measures samples, and method '{config.method}' draws none")
  sweep = None
  with removed_unless_stepped(workdir, lambda: sweep is not None and sweep.stepped):
    sweep = Sweep(config, workdir, seeds, progress)
    extractor = make_extractor(sweep.spec, options.classifier, options.inception_weights)
    names = evaluate.metric_names(options, sweep.method, sweep.dataset, extractor)  # Checked before training.
    main = distributed.is_main_process()
    target = check_target(sweep.workdir / 'sweep.json') if main else None
    state = sweep.run()
  if int(state.step) < config.steps:
    return None
  metrics = []
  for i, seed in enumerate(sweep.seeds):
    seed_state = state.replace(players=jax.tree.map(lambda a: a[i], state.players))
    rows = evaluate.measure(sweep.method, seed_state, sweep.spec, sweep.dataset, extractor,
                            dataclasses.replace(options, metrics=names, seed=seed), config.data)
    metrics.append({row['metric']: row['value'] for row in rows})
  result = {'config': json.loads(config.to_json()), 'step': int(state.step), 'seeds': sweep.seeds,
            'metrics': metrics, **_mean_and_std(metrics)}
  report(result)
  if main:
    with writing(target):
      write_json_atomic(target, result)
  return result


def _mean_and_std(metrics: list[dict[str, float]]) -> dict:
  values = {name: np.array([seed_metrics[name] for seed_metrics in metrics]) for name in metrics[0]}
  return {'mean': {name: float(v.mean()) for name, v in values.items()},
          'std': {name: float(v.std(ddof=1)) if len(v) > 1 else None for name, v in values.items()}}


def format_table(result: dict) -> str:
  """One row per seed, then mean ± std, one column per metric."""
  names = list(result['mean'])
  rows = [['seed', *names]]
  rows += [[str(seed), *(f'{seed_metrics[name]:.4g}' for name in names)]
           for seed, seed_metrics in zip(result['seeds'], result['metrics'])]
  rows.append(['mean ± std', *(f"{result['mean'][name]:.4g}" + (
      '' if result['std'][name] is None else f" ± {result['std'][name]:.2g}") for name in names)])
  widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
  return '\n'.join('  '.join(cell.ljust(width) if column == 0 else cell.rjust(width)
                             for column, (cell, width) in enumerate(zip(row, widths))) for row in rows)
