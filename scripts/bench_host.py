"""The benchmark's host: its CPU, and how busy other processes keep it (Linux /proc)."""
import os
import pathlib
import platform
import time

CORES = len(os.sched_getaffinity(0))


# The vector extensions that set a CPU's fp32 matmul peak, widest first.
VECTOR_ISAS = ('avx512f', 'avx2', 'fma', 'neon', 'asimd')


def machine() -> dict:
  """CPU model, family/model numbers and vector ISA (from /proc/cpuinfo), usable cores, Python and OS."""
  cpuinfo = pathlib.Path('/proc/cpuinfo').read_text()
  fields = {}
  for line in cpuinfo.splitlines():
    key, _, value = line.partition(':')
    fields.setdefault(key.strip(), value.strip())
  flags = set((fields.get('flags') or fields.get('Features') or '').split())
  return {'cpu_model': fields.get('model name') or platform.processor(),
          'cpu_family_model': f"family {fields.get('cpu family', '?')} model {fields.get('model', '?')}",
          'isa': [isa for isa in VECTOR_ISAS if isa in flags], 'cores': CORES,
          'python': platform.python_version(), 'platform': platform.platform()}


def busy_cpu_s() -> float:
  """CPU seconds spent busy (or stolen by the hypervisor) on all cores since boot, from /proc/stat."""
  fields = [int(v) for v in pathlib.Path('/proc/stat').read_text().split('\n', 1)[0].split()[1:9]]
  user, nice, system, _, _, irq, softirq, steal = fields
  return (user + nice + system + irq + softirq + steal) / os.sysconf('SC_CLK_TCK')


def wait_idle(limit_s: float, threshold: float = 0.1) -> float:
  """Waits until other processes use under `threshold` of the cores for 0.5 s (at most `limit_s`).

  Call it while the benchmark's own processes are idle; returns the seconds waited.
  """
  start = time.perf_counter()
  while time.perf_counter() - start < limit_s:
    busy = busy_cpu_s()
    time.sleep(0.5)
    if (busy_cpu_s() - busy) / (CORES * 0.5) < threshold:
      break
  return time.perf_counter() - start
