"""scripts/benchmark.py end to end in its quick mode, genjax only (no PyTorch loop measured)."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_genjax_run_writes_json_and_markdown(tmp_path):
  out, markdown = tmp_path / 'bench.json', tmp_path / 'bench.md'
  subprocess.run([sys.executable, str(ROOT / 'scripts' / 'benchmark.py'), '--cases', 'vae_mlp',
                  '--frameworks', 'genjax', '--quick', '--out', str(out), '--markdown', str(markdown)],
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
  assert result['peak_gflops'] > 0 and result['machine']['cores'] >= 1
  assert 'jax' in result['versions'] and 'torch' not in result['versions']
  assert '| vae_mlp | 128 |' in markdown.read_text()
  assert result['command'] in markdown.read_text()
