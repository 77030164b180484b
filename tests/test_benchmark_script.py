"""scripts/benchmark.py end to end in its quick mode, genjax only (no PyTorch loop measured)."""
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_genjax_run_writes_json_and_markdown(tmp_path):
  out, markdown = tmp_path / 'bench.json', tmp_path / 'bench.md'
  kept = '## Across machines\n\n| a row kept by hand |\n'
  markdown.write_text('# an earlier run, rewritten\n\n' + kept)
  subprocess.run([sys.executable, str(ROOT / 'scripts' / 'benchmark.py'), '--cases', 'vae_mlp',
                  '--frameworks', 'genjax', '--quick', '--set', 'rng_impl=unsafe_rbg',
                  '--out', str(out), '--markdown', str(markdown)],
                 check=True, capture_output=True, text=True, timeout=120)
  result = json.loads(out.read_text())
  case = result['cases']['vae_mlp']
  assert set(case['genjax_fused']) == {'K=1', 'K=2'}
  assert case['best_k'] in (1, 2)
  for key in ('genjax_images_per_s', 'gflops', 'peak_fraction', 'first_step_s', 'peak_rss_mb',
              'flops_per_step', 'flops_per_step_xla'):
    assert case[key] > 0, key
  for key in ('torch_images_per_s', 'ratio', 'torch_gflops', 'torch_peak_fraction', 'torch_first_step_s',
              'torch_peak_rss_mb'):
    assert case[key] is None, key
  assert result['peak_gflops'] > 0 and result['machine']['cores'] >= 1 and result['machine']['isa']
  assert result['genjax_overrides'] == ['rng_impl=unsafe_rbg'] and '`rng_impl=unsafe_rbg`' in markdown.read_text()
  assert 'jax' in result['versions'] and 'torch' not in result['versions']
  assert '| vae_mlp | 128 |' in markdown.read_text()
  assert result['command'] in markdown.read_text()
  assert markdown.read_text().endswith('\n\n' + kept) and 'an earlier run' not in markdown.read_text()


def test_first_step_names_each_phase_of_the_wait(tmp_path):
  result = subprocess.run([sys.executable, str(ROOT / 'scripts' / 'first_step.py'), str(ROOT / 'configs' / 'vae_digits.py'),
                           '--config.model.hidden=(8,)'], check=True, capture_output=True, text=True, timeout=120)
  lines = result.stdout.splitlines()
  assert 'from the imports to the first step done' in lines[0]
  seconds = {line.split(' s  ', 1)[1]: float(line.split()[0]) for line in lines[1:]}
  assert list(seconds) == ['imports', 'data, networks, step functions', 'initial state (init compiled and run)',
                           'first step (traced, compiled, run)', 'second step']
  assert all(value >= 0 for value in seconds.values())
  assert float(lines[0].split(': ')[1].split()[0]) == pytest.approx(sum(seconds.values()) - seconds['second step'],
                                                                  abs=0.02)
