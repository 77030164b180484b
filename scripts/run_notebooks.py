"""Executes the course notebooks (docs/notebooks/*.ipynb) top to bottom and saves them with their outputs.

  python scripts/run_notebooks.py [--scale default|full] [NAME ...]

NAME is a notebook's file name without .ipynb (default: all). Each runs in a fresh kernel with
GENJAX_NOTEBOOK_SCALE set and its runs in a temporary folder, removed afterwards; the script prints
each notebook's wall time and the machine's CPU, the numbers docs/notebooks/README.md quotes.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import nbclient
import nbformat

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / 'docs' / 'notebooks'


def execute(path: pathlib.Path, scale: str, workdir: str, timeout: int = 1200):
  """The notebook at `path` executed at `scale` with its runs in `workdir`; a failing cell raises
  nbclient's CellExecutionError, which carries the cell's error. The kernel inherits os.environ."""
  environment = {'GENJAX_NOTEBOOK_SCALE': scale, 'GENJAX_NOTEBOOK_WORKDIR': workdir,
                 'PYTHONDONTWRITEBYTECODE': '1'}  # no __pycache__ beside course.py
  saved = {key: os.environ.get(key) for key in environment}
  os.environ.update(environment)
  try:
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=timeout, kernel_name='python3', record_timing=False,
                            resources={'metadata': {'path': str(path.parent)}}).execute()
    return notebook
  finally:
    for key, value in saved.items():
      if value is None:
        os.environ.pop(key)
      else:
        os.environ[key] = value


def cpu_model() -> str:
  """The CPU's model name and whether it has AVX-512, as /proc/cpuinfo says."""
  model = subprocess.run(['grep', '-m1', 'model name', '/proc/cpuinfo'], capture_output=True, text=True).stdout
  flags = pathlib.Path('/proc/cpuinfo').read_text().split()
  return f"{model.split(':', 1)[-1].strip()}, {os.cpu_count()} cores, {'' if 'avx512f' in flags else 'no '}avx512f"


def main(argv=None) -> int:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--scale', choices=('default', 'full'), default='default')
  parser.add_argument('names', nargs='*', help='notebooks to run (file names without .ipynb); default all')
  args = parser.parse_args(argv)
  paths = [NOTEBOOKS / f'{name}.ipynb' for name in args.names] or sorted(NOTEBOOKS.glob('*.ipynb'))
  print(f'machine: {cpu_model()}')
  for path in paths:
    workdir = tempfile.mkdtemp(prefix=f'genjax-{path.stem}-')
    start = time.perf_counter()
    try:
      notebook = execute(path, args.scale, workdir)
    finally:
      shutil.rmtree(workdir, ignore_errors=True)
    nbformat.write(notebook, path)
    print(f'{path.name}: {time.perf_counter() - start:.0f} s at scale {args.scale}', flush=True)
  return 0


if __name__ == '__main__':
  sys.exit(main())
