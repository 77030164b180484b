"""Speed of a full training step, genjax against a plain PyTorch loop of the same network.

  python scripts/benchmark.py --cases vae_mlp,dcgan_mnist --out docs/results/benchmark.json

Each framework runs in its own long-lived worker process (scripts/bench_worker.py). After warm-up
the parent alternates "run N steps" requests between the workers: each genjax K (steps fused per
dispatch) runs between two runs of the PyTorch loop, whose mean it is compared with, for several
repetitions; a case's ratio is the median of these ratios at the best K. Also measured: time to the first step (compilation), peak
host memory of each worker, and this machine's fp32 matmul peak, in the same run. Writes the JSON
to --out and a markdown table to --markdown. `--frameworks genjax` needs no PyTorch.
"""
import argparse
import collections
import contextlib
import datetime
import json
import os
import pathlib
import shlex
import subprocess
import sys
import time

from bench_cases import CASES
from bench_host import CORES, busy_cpu_s, machine, wait_idle
import bench_report

SCRIPTS = pathlib.Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
FRAMEWORKS = ('genjax', 'torch')


class Worker:
  """A framework's worker process; `request` sends one JSON request and returns the reply."""

  def __init__(self, framework: str):
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join(filter(None, [str(ROOT), os.environ.get('PYTHONPATH')]))}
    self.process = subprocess.Popen([sys.executable, str(SCRIPTS / 'bench_worker.py'), framework],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    self.framework = framework

  def request(self, **request) -> dict:
    self.process.stdin.write(json.dumps(request) + '\n')
    self.process.stdin.flush()
    line = self.process.stdout.readline()
    if not line:
      raise RuntimeError(f'the {self.framework} worker died (exit status {self.process.wait()})')
    reply = json.loads(line)
    if 'error' in reply:
      raise RuntimeError(f"the {self.framework} worker failed on {request['op']}:\n{reply['error']}")
    return reply

  def __enter__(self) -> 'Worker':
    return self

  def __exit__(self, error_type, *_) -> None:
    if error_type is None:
      self.process.stdin.write(json.dumps({'op': 'exit'}) + '\n')
      self.process.stdin.close()
    else:
      self.process.kill()
    self.process.wait()


def matmul_peak(frameworks: list[str], quick: bool, idle_wait_s: float) -> dict[str, dict]:
  """Each framework's best fp32 GFLOP/s on large square matmuls (and its versions), in a fresh worker."""
  sizes, repeats = ([256], 2) if quick else ([2048, 4096], 5)
  replies = {}
  for framework in frameworks:
    with Worker(framework) as worker:
      wait_idle(idle_wait_s)
      replies[framework] = worker.request(op='peak', sizes=sizes, repeats=repeats)
  return replies


class Timer:
  """Timed runs on the workers: images/s and the other processes' share of the cores, per run.

  A run during which other processes took more than `MAX_OTHERS` of the cores is done again after
  they idle, up to `RETRIES` times; `others[key]` keeps every attempt's share, a list per run.
  """
  MAX_OTHERS, RETRIES = 0.1, 3

  def __init__(self, workers: dict, steps: int, images: int, idle_wait_s: float):
    self.workers, self.steps, self.images, self.idle_wait_s = workers, steps, images, idle_wait_s
    self.rates = collections.defaultdict(list)
    self.others = collections.defaultdict(list)
    self.waited_s = 0.0

  def __call__(self, framework: str, variant: str) -> float:
    key, attempts = f'{framework} {variant}', []
    for _ in range(self.RETRIES + 1):
      self.waited_s += wait_idle(self.idle_wait_s)
      busy, start = busy_cpu_s(), time.perf_counter()
      reply = self.workers[framework].request(op='run', variant=variant, steps=self.steps)
      wall = time.perf_counter() - start
      attempts.append(max(0.0, busy_cpu_s() - busy - reply['cpu_s']) / (CORES * wall))
      if attempts[-1] <= self.MAX_OTHERS or not self.idle_wait_s:
        break
    self.others[key].append(attempts)
    self.rates[key].append(self.images / reply['seconds'])
    return self.rates[key][-1]


def run_case(name: str, frameworks: list[str], repeats: int, quick: bool, idle_wait_s: float,
             overrides: list[str]) -> dict:
  """Fresh workers; every variant warmed up; then each genjax K timed between two PyTorch runs."""
  case = CASES[name]
  fused = (1, 2) if quick else case.fused
  steps, warmup = (2, 2) if quick else (case.steps, case.warmup)
  with contextlib.ExitStack() as stack:
    workers, setups = {}, {}
    for framework in frameworks:  # One at a time, so that no start-up overlaps another's.
      workers[framework] = stack.enter_context(Worker(framework))
      setups[framework] = workers[framework].request(op='setup', case=name, fused=list(fused), overrides=overrides)
    variants = setups['genjax']['variants'] if 'genjax' in workers else []
    for variant in variants:
      k = int(variant.removeprefix('K='))
      workers['genjax'].request(op='run', variant=variant, steps=-(-warmup // k) * k)
    if 'torch' in workers:
      workers['torch'].request(op='run', variant='eager', steps=warmup)
    timer = Timer(workers, steps, case.batch * steps, idle_wait_s)
    ratios = collections.defaultdict(list)
    for rep in range(repeats):  # Reversed order on odd repetitions: drift favours no variant.
      before = timer('torch', 'eager') if 'torch' in workers else None
      for variant in variants if rep % 2 == 0 else variants[::-1]:
        rate = timer('genjax', variant)
        if before is not None:
          after = timer('torch', 'eager')
          ratios[variant].append(2 * rate / (before + after))
          before = after
    stats = {fw: w.request(op='stats') for fw, w in workers.items()}
  summary = bench_report.summarize(case, steps, setups, stats, timer.rates, ratios, timer.others)
  summary['idle_wait_s'] = timer.waited_s
  return summary


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--cases', default='vae_mlp,dcgan_mnist', help=f"comma-separated: {', '.join(CASES)}")
  parser.add_argument('--frameworks', default=','.join(FRAMEWORKS), help='comma-separated: genjax,torch')
  parser.add_argument('--out', required=True, help='the JSON file to write')
  parser.add_argument('--markdown', default=str(ROOT / 'docs/results/benchmark.md'), help='the table to write')
  parser.add_argument('--repeats', type=int, default=5, help='timed repetitions per variant')
  parser.add_argument('--idle-wait', type=float, default=60.0,
                      help='before each timed run, wait up to this many seconds for other processes to idle')
  parser.add_argument('--set', action='append', default=[], metavar='KEY=VALUE',
                      help='a genjax config override for every case, e.g. rng_impl=unsafe_rbg (repeatable)')
  parser.add_argument('--quick', action='store_true', help='a smoke run: 2 steps, 1 repetition, K in {1, 2}, no idle wait')
  args = parser.parse_args()
  cases, frameworks = args.cases.split(','), args.frameworks.split(',')
  if unknown := [c for c in cases if c not in CASES] + [f for f in frameworks if f not in FRAMEWORKS]:
    parser.error(f"unknown case or framework: {', '.join(unknown)}")
  repeats, idle_wait_s = (1, 0.0) if args.quick else (args.repeats, args.idle_wait)
  result = {'command': shlex.join(['python', *sys.argv]), 'machine': machine(),
            'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
            'load_average_start': os.getloadavg(), 'frameworks': frameworks, 'repeats': repeats,
            'quick': args.quick, 'genjax_overrides': args.set}
  peak_before = matmul_peak(frameworks, args.quick, idle_wait_s)
  result['cases'] = {}
  for name in cases:
    print(f'{name} ...', file=sys.stderr, flush=True)
    result['cases'][name] = run_case(name, frameworks, repeats, args.quick, idle_wait_s, args.set)
  peak_after = {} if args.quick else matmul_peak(frameworks, args.quick, idle_wait_s)
  result['load_average_end'] = os.getloadavg()
  bench_report.add_peak(result, peak_before, peak_after)
  out = pathlib.Path(args.out)
  out.parent.mkdir(parents=True, exist_ok=True)
  out.write_text(json.dumps(result, indent=2) + '\n')
  markdown = pathlib.Path(args.markdown)
  markdown.parent.mkdir(parents=True, exist_ok=True)
  page = bench_report.markdown(result)
  markdown.write_text(page + bench_report.kept_by_hand(markdown.read_text() if markdown.exists() else ''))
  print(page)


if __name__ == '__main__':
  main()
