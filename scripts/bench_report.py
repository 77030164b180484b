"""The benchmark's figures from the workers' raw timings, and its markdown table."""
import statistics

from bench_cases import Case


def _median(values: list[float] | None) -> float | None:
  return statistics.median(values) if values else None


def _gflops(case: Case, images_per_s: float | None) -> float | None:
  return case.flops_per_step() * images_per_s / case.batch / 1e9 if images_per_s else None


def summarize(case: Case, steps: int, setups: dict, stats: dict, rates: dict, ratios: dict,
              others: dict) -> dict:
  """One case's figures: medians over repetitions, the best K and its ratio to PyTorch.

  `rates` and `others` hold, per 'framework variant', the images/s of each timed run and the share
  of all cores other processes used during each attempt at it; `ratios[K]` the genjax/PyTorch
  ratio of each run.
  """
  torch_rates = rates.get('torch eager')
  summary = {
      'batch': case.batch, 'binarize': case.binarize, 'steps_per_repetition': steps,
      'flops_per_step': case.flops_per_step(),
      'flops_per_step_xla': setups['genjax']['xla_flops'] if 'genjax' in setups else None,
      'best_k': None, 'genjax_images_per_s': None, 'torch_images_per_s': _median(torch_rates),
      'ratio': None, 'gflops': None, 'torch_gflops': _gflops(case, _median(torch_rates)),
      'first_step_s': None, 'torch_first_step_s': None, 'peak_rss_mb': None, 'torch_peak_rss_mb': None,
  }
  fused = {}
  for variant in setups.get('genjax', {}).get('variants', []):
    values = rates[f'genjax {variant}']
    fused[variant] = {'images_per_s_median': _median(values), 'images_per_s': values,
                      'ratio_median': _median(ratios.get(variant)), 'ratios': ratios.get(variant),
                      'first_call_s': setups['genjax']['first_call_s'][variant]}
  if fused:
    best = max(fused, key=lambda variant: fused[variant]['images_per_s_median'])
    summary.update(best_k=int(best.removeprefix('K=')), genjax_images_per_s=fused[best]['images_per_s_median'],
                   ratio=fused[best]['ratio_median'], gflops=_gflops(case, fused[best]['images_per_s_median']))
  for framework, prefix in (('genjax', ''), ('torch', 'torch_')):
    if framework in setups:
      summary[f'{prefix}first_step_s'] = setups[framework]['first_step_s']
      summary[f'{prefix}peak_rss_mb'] = stats[framework]['peak_rss_mb']
      summary[f'{prefix}import_s'] = stats[framework]['import_s']
  summary['genjax_fused'] = fused
  summary['torch_images_per_s_reps'] = torch_rates
  summary['other_cpu_share'] = dict(others)
  runs = [attempts for per_run in others.values() for attempts in per_run]
  summary['repeated_runs'] = sum(len(attempts) - 1 for attempts in runs)
  summary['other_cpu_share_kept_max'] = max(attempts[-1] for attempts in runs)
  return summary


def add_peak(result: dict, before: dict, after: dict) -> None:
  """The matmul peak (best of both frameworks, before and after the cases) and each case's share."""
  measured = {f'{framework}_{when}': replies[framework]['gflops']
              for when, replies in (('before', before), ('after', after)) for framework in replies}
  peak = max(measured.values())
  result['peak_gflops'], result['peak_measurements'] = peak, measured
  result['versions'] = {key: value for reply in before.values() for key, value in reply['versions'].items()}
  for case in result['cases'].values():
    for prefix in ('', 'torch_'):
      gflops = case[f'{prefix}gflops']
      case[f'{prefix}peak_fraction'] = gflops / peak if gflops else None


def _fmt(value, spec: str = '.0f', suffix: str = '') -> str:
  return '–' if value is None else f'{value:{spec}}{suffix}'


def markdown(result: dict) -> str:
  """The results page: how it was run, one row per case, then every K."""
  versions, machine = result['versions'], result['machine']
  version_text = ', '.join(f'{name} {versions[name]}' for name in ('jax', 'jaxlib', 'flax', 'optax', 'torch')
                           if name in versions)
  lines = [
      '# Training-step speed: genjax against a plain PyTorch loop', '',
      f"Command: `{result['command']}`", '',
      f"Date {result['date']}; {machine['cpu_model']} ({machine.get('cpu_family_model', '?')}; "
      f"{'/'.join(machine.get('isa', [])) or 'no vector ISA listed'}), {machine['cores']} cores; Python {machine['python']}; "
      f"{version_text}; {result['repeats']} alternating repetitions after warm-up; load average "
      f"{result['load_average_start'][0]:.2f} at the start, {result['load_average_end'][0]:.2f} at the end.", '',
      f"fp32 matmul peak (best of both frameworks, large square matmuls, same run): "
      f"{result['peak_gflops']:.1f} GFLOP/s.", '',
      f"genjax config overrides: {', '.join(f'`{o}`' for o in result.get('genjax_overrides', [])) or 'none'}.", '',
      '| case | batch | best K | genjax img/s | PyTorch img/s | ratio | genjax GFLOP/s (of peak) '
      '| PyTorch GFLOP/s (of peak) | first step s, genjax / PyTorch | peak RSS MB, genjax / PyTorch |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for name, case in result['cases'].items():
    lines.append(
        f"| {name} | {case['batch']} | {_fmt(case['best_k'], 'd')} | {_fmt(case['genjax_images_per_s'])} "
        f"| {_fmt(case['torch_images_per_s'])} | {_fmt(case['ratio'], '.2f', 'x')} "
        f"| {_fmt(case['gflops'], '.1f')} ({_fmt(case['peak_fraction'], '.0%')}) "
        f"| {_fmt(case['torch_gflops'], '.1f')} ({_fmt(case['torch_peak_fraction'], '.0%')}) "
        f"| {_fmt(case['first_step_s'], '.2f')} / {_fmt(case['torch_first_step_s'], '.2f')} "
        f"| {_fmt(case['peak_rss_mb'])} / {_fmt(case['torch_peak_rss_mb'])} |")
  lines += ['', 'Other processes on the machine (their share of all cores, from /proc/stat): the run waits '
            'for them to idle before each timed run, and repeats a run during which they took over 10% '
            '(up to 3 times). ' + '; '.join(
                f"{name}: waited {case['idle_wait_s']:.0f} s, {case['repeated_runs']} runs repeated, "
                f"at most {case['other_cpu_share_kept_max']:.0%} during a kept run"
                for name, case in result['cases'].items()) + '.']
  lines += ['', 'Every K (genjax steps fused per dispatch with `lax.scan`):', '',
            '| case | K | genjax img/s | ratio to PyTorch | first call s |', '| --- | ---: | ---: | ---: | ---: |']
  for name, case in result['cases'].items():
    for variant, figures in case['genjax_fused'].items():
      lines.append(f"| {name} | {variant.removeprefix('K=')} | {_fmt(figures['images_per_s_median'])} "
                   f"| {_fmt(figures['ratio_median'], '.2f', 'x')} | {figures['first_call_s']:.2f} |")
  lines += ['', 'Medians over repetitions; each genjax run is compared with the mean of the PyTorch runs just '
            'before and after it, and the ratio is the median of those. GFLOP/s count '
            'the matmuls and convolutions of the network analytically (2 FLOPs per multiply-add, '
            'transposed convolutions as such), the same for both frameworks; XLA\'s own count of the '
            'compiled step is `flops_per_step_xla` in the JSON. Both sides binarize each VAE batch '
            '(`data.binarize`, as configs/vae_mnist.py). First step: from building the model to the '
            'first step done (genjax: K=1, including compilation). Peak RSS: each framework\'s worker '
            'process over the whole case.', '']
  return '\n'.join(lines)


KEPT_BY_HAND = '## Across machines'


def kept_by_hand(page: str) -> str:
  """The part of an earlier results page from its `KEPT_BY_HAND` heading on (a table kept by hand,
  which a rewrite keeps), after a blank line; '' when it has none."""
  start = page.find(KEPT_BY_HAND)
  return '' if start < 0 else '\n' + page[start:]
