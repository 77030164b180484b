"""One framework in its own process, driven by JSON lines on stdin; replies one line each.

  python scripts/bench_worker.py genjax|torch

Requests: {"op": "setup", "case": NAME, "fused": [K, ...], "overrides": [KEY=VALUE, ...]}, {"op": "run", "variant": V,
"steps": N}, {"op": "stats"}, {"op": "peak", "sizes": [N, ...], "repeats": R}, {"op": "exit"}.
A failed request replies {"error": TRACEBACK}.
"""
import importlib
import json
import os
import resource
import sys
import time
import traceback

from bench_cases import CASES


def handle(framework, request: dict, state: dict) -> dict:
  """Answers one request; `state` holds the framework module and the case's bench."""
  module, op = state['module'], request['op']
  if op == 'setup':
    bench = state['bench'] = module.Bench(CASES[request['case']], tuple(request['fused']), request['overrides'])
    reply = {'variants': bench.variants, 'first_step_s': bench.first_step_s,
             'first_call_s': bench.first_call_s}
    if framework == 'genjax':
      reply['xla_flops'] = bench.xla_flops()
    return reply
  if op == 'run':
    cpu = time.process_time()
    seconds = state['bench'].run(request['variant'], request['steps'])
    return {'seconds': seconds, 'cpu_s': time.process_time() - cpu}
  if op == 'stats':  # Linux reports ru_maxrss in KiB.
    return {'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            'import_s': state['import_s']}
  if op == 'peak':
    return {'gflops': max(module.matmul_gflops(n, request['repeats']) for n in request['sizes']),
            'versions': module.versions()}
  raise ValueError(f'unknown op {op!r}')


def main() -> None:
  framework = sys.argv[1]
  replies = os.fdopen(os.dup(sys.stdout.fileno()), 'w', buffering=1)
  os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # Library output must not reach the pipe.
  start = time.perf_counter()
  state = {'module': importlib.import_module(f'bench_{framework}')}
  state['import_s'] = time.perf_counter() - start
  for line in sys.stdin:
    request = json.loads(line)
    if request['op'] == 'exit':
      break
    try:
      reply = handle(framework, request, state)
    except Exception:  # Reported to the parent, which stops the run.
      reply = {'error': traceback.format_exc()}
    replies.write(json.dumps(reply) + '\n')


if __name__ == '__main__':
  main()
