"""Shared by the mode-collapse scripts: train GAN variants S seeds at a time (`genjax sweep`), and
write their per-seed metrics as a markdown table of mean ± std with published values beside them."""
import datetime
import json
import pathlib
import shlex
import subprocess
import sys
import time

import jax
import numpy as np

from genjax.config import load_config
from genjax.config import with_variant
from genjax.core.files import atomic_write, write_json_atomic
from genjax.evaluation.evaluate import Options
from genjax.training.sweep import run_sweep

ROOT = pathlib.Path(__file__).resolve().parents[1]


def ensure_trained(runs: pathlib.Path, name: str) -> str:
  """RUNS/NAME, trained first with configs/NAME.py if it holds no checkpoint yet."""
  workdir = runs / name
  if not list((workdir / 'checkpoints').glob('[0-9]*')):
    subprocess.run([sys.executable, '-m', 'genjax', 'train', '--config', str(ROOT / 'configs' / f'{name}.py'),
                    '--workdir', str(workdir), '--no_progress'], check=True)
  return str(workdir)


def run_variant(base: str, variant: str, overrides: list[str], seeds: int, workdir: pathlib.Path,
                options: Options) -> dict:
  """Sweeps `variant` of configs/`base`.py (with KEY=VALUE `overrides`); adds the wall time of
  every invocation on `workdir` so far (training, resumes and measurement), kept in wall_s.txt.
  A finished sweep of the same config and seed count (its sweep.json) is reused, not measured again."""
  config = with_variant(load_config(ROOT / 'configs' / f'{base}.py', overrides), variant)
  timing, stored = workdir / 'wall_s.txt', workdir / 'sweep.json'
  result = json.loads(stored.read_text()) if stored.exists() and timing.exists() else None
  if result and result['config'] == json.loads(config.to_json()) and len(result['seeds']) == seeds:
    elapsed = float(timing.read_text())
  else:
    start = time.perf_counter()
    result = run_sweep(config, str(workdir), seeds, progress=False, options=options)
    elapsed = time.perf_counter() - start + (float(timing.read_text()) if timing.exists() else 0.0)
    timing.write_text(f'{elapsed:.1f}')
    if result is None:
      sys.exit(f'{base}/{variant} was stopped; run the same command again to resume')
  result['wall_s'] = elapsed
  print(f'{base} {variant}: ' + ', '.join(
      f"{name} {result['mean'][name]:.3g}" for name in result['mean']) + f" ({result['wall_s']:.0f} s)",
        flush=True)
  return result


def _mean_std(result: dict, name: str, digits: int = 1) -> str:
  """mean ± std over seeds; over the seeds where the metric is defined (say how many) if not all."""
  values = np.array([seed_metrics[name] for seed_metrics in result['metrics']], float)
  defined = values[np.isfinite(values)]
  if not defined.size:
    return 'undefined'
  text = f'{defined.mean():.{digits}f}' + (f' ± {defined.std(ddof=1):.{digits}f}' if defined.size > 1 else '')
  return text if defined.size == values.size else f'{text} ({defined.size} of {values.size} seeds)'



def write_tables(out: pathlib.Path, title: str, intro: str, sections: list[tuple[str, list[dict]]],
                 columns: list[tuple[str, str, int]]) -> None:
  """Writes `out` (markdown) and `out`.json. Each section is (heading, rows); a row has 'variant',
  'result' (run_variant's) and 'published' ({column: text}); columns are (metric, header, digits)."""
  lines = [f'# {title}', '', f'Command: `{shlex.join(["python", *sys.argv])}`', '',
           f'Date {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; jax {jax.__version__} '
           f'on {jax.devices()[0].platform}.', '', intro, '']
  for heading, rows in sections:
    seeds = len(rows[0]['result']['seeds'])
    header = ['variant', *(f'{name} ({seeds} seeds)' for _, name, _ in columns),
              *(f'{name}, published' for _, name, _ in columns), 'wall s']
    lines += [f'## {heading}', '', '| ' + ' | '.join(header) + ' |',
              '|' + '|'.join(['---'] + ['---:'] * (len(header) - 1)) + '|']
    for row in rows:
      cells = [_mean_std(row['result'], metric, digits=digits) for metric, _, digits in columns]
      cells += [row['published'].get(metric, '—') for metric, _, _ in columns]
      lines.append(f"| {row['variant']} | " + ' | '.join(cells) + f" | {row['result']['wall_s']:.0f} |")
    lines.append('')
    lines.append('Per seed: ' + '; '.join(
        f"{row['variant']} " + ', '.join(
            '/'.join(f'{m[metric]:.{digits}f}' for metric, _, digits in columns) for m in row['result']['metrics'])
        for row in rows))
    lines.append('')
  with atomic_write(out) as tmp:
    pathlib.Path(tmp).write_text('\n'.join(lines))
  write_json_atomic(out.with_suffix('.json'), {heading: rows for heading, rows in sections})
