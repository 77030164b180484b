"""Reference table for `genjax eval`: the floor, trained models, and trivial baselines.

  python scripts/eval_baselines.py [--runs runs] [--out docs/results/eval_baselines.md]

Per data set, every row is scored with the same code as `genjax eval` against the held-out split:
- "real (training split)": training images/points, the floor a perfect model would reach;
- the shipped configs' trained runs (trained here first if RUNS/<config> has no checkpoint);
- "Gaussian noise": independent Gaussians with the data's per-dimension mean and std;
- "training-set mean": every sample equal to the mean training example.
Images use the features of the digits classifier run (configs/classifier_digits.py).
"""
import argparse
import datetime
import pathlib

import jax
import numpy as np

from genjax.core.files import atomic_write, write_json_atomic
from genjax.data import load_dataset
from genjax.data.spec import DataSpec
from genjax.evaluation.evaluate import score_samples
from genjax.evaluation.features import ClassifierFeatures, rescale
from genjax.runs.directory import load_run_config
from genjax.runs.latest import draw_samples, load_latest
from variant_study import ROOT, ensure_trained

IMAGE_METRICS = ('fid', 'kid', 'is', 'prdc', 'parzen')
TOY_METRICS = ('modes', 'prdc', 'parzen')
SUITES = {  # data set -> (run whose config defines the data, model runs, metrics, samples)
    'digits': ('quickstart', ('quickstart', 'dcgan_digits'), IMAGE_METRICS, 1000),
    'toy:ring8': ('gan_ring8', ('gan_ring8',), TOY_METRICS, 2500),
    'toy:grid25': ('gan_grid25', ('gan_grid25',), TOY_METRICS, 2500),
}


def baselines(train: np.ndarray, num: int, rng: np.random.Generator, value_range) -> dict[str, np.ndarray]:
  mean, std = train.mean(axis=0), train.std(axis=0)
  noise = rng.normal(mean, std, (num, *train.shape[1:])).astype(np.float32)
  low, high = value_range
  return {
      'real (training split)': train[rng.permutation(len(train))[:num]],
      'Gaussian noise': np.clip(noise, low, high) if train.ndim > 2 else noise,
      'training-set mean': np.repeat(mean[None], num, axis=0).astype(np.float32),
  }


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--runs', default=str(ROOT / 'runs'))
  parser.add_argument('--out', default=str(ROOT / 'docs' / 'results' / 'eval_baselines.md'))
  parser.add_argument('--seed', type=int, default=0)
  args = parser.parse_args()
  runs = pathlib.Path(args.runs)
  extractor = ClassifierFeatures(ensure_trained(runs, 'classifier_digits'))
  results = {}
  for name, (data_run, models, metric_names, num) in SUITES.items():
    config = load_run_config(ensure_trained(runs, data_run))
    dataset = load_dataset(config.data)
    spec = DataSpec.of(dataset)
    sources = baselines(dataset.train_x, num, np.random.default_rng(args.seed), spec.value_range)
    for model in models:
      method, state, model_spec, step = load_latest(ensure_trained(runs, model))
      samples = draw_samples(method, state, jax.random.key(args.seed), num)
      sources[f'{model} (step {step})'] = rescale(samples, model_spec.value_range, spec.value_range)
    results[name] = {source: score_samples(samples, dataset, spec, extractor, metric_names, args.seed)
                     for source, samples in sources.items()}
    print(f'{name}: done')
  command = 'python scripts/eval_baselines.py' + (f' --seed {args.seed}' if args.seed else '')
  write_json_atomic(pathlib.Path(args.out).with_suffix('.json'), results)
  with atomic_write(args.out) as tmp:
    tmp.write_text(markdown(results, command, extractor.name))


def markdown(results: dict, command: str, extractor: str) -> str:
  lines = ['# Evaluation baselines', '', f'Command: `{command}` ({datetime.date.today()}, '
           f'jax {jax.__version__}, {jax.devices()[0].platform}).', '',
           f'Reference: each data set\'s held-out split. Image features: {extractor} '
           '(configs/classifier_digits.py). Toys: raw coordinates; modes/HQ/reverse KL as in DESIGN.md.', '']
  for name, sources in results.items():
    columns = [row['metric'] for row in next(iter(sources.values()))]
    count = next(iter(sources.values()))[0]['num_samples']
    lines += [f'## {name} ({count} samples per row)', '', '| samples | ' + ' | '.join(columns) + ' |',
              '|---' * (len(columns) + 1) + '|']
    for source, rows in sources.items():
      cells = [f"{row['value']:.4g}" + (f" ± {row['std']:.2g}" if row['std'] is not None else '') for row in rows]
      lines.append(f'| {source} | ' + ' | '.join(cells) + ' |')
    lines.append('')
  return '\n'.join(lines)


if __name__ == '__main__':
  main()
