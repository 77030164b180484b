"""What the course notebooks share: the scale they run at, a scratch folder for their runs, the shrinking
of a shipped config to that scale, and their pictures.

SCALE is the environment variable GENJAX_NOTEBOOK_SCALE: 'test' (the test suite: tiny nets, a few
steps, every cell still runs), 'default' (the committed outputs: a notebook in at most 3 minutes on 2
CPU cores) or 'full' (the shipped configs' own budgets). Runs go to GENJAX_NOTEBOOK_WORKDIR, else to a
fresh temporary folder. Import this module before JAX: it sets XLA's flags for the scale.
"""
import os
import pathlib
import tempfile

SCALES = ('test', 'default', 'full')
SCALE = os.environ.get('GENJAX_NOTEBOOK_SCALE', 'default')
if SCALE not in SCALES:
  raise ValueError(f'GENJAX_NOTEBOOK_SCALE must be one of {SCALES}, got {SCALE!r}')

# LLVM at -O0 compiles the tiny test-scale programs fast, and runs longer trainings slowly (measured
# here: 200 steps of dcgan_digits 66 s at -O0, 11 s without), so it is on for 'test' only.
_FAST_COMPILE = ('--xla_backend_optimization_level=0', '--xla_cpu_use_fusion_emitters=false')
_flags = [f for f in os.environ.get('XLA_FLAGS', '').split() if not f.startswith(('--xla_backend_optimization_level',
                                                                                  '--xla_cpu_use_fusion_emitters'))]
os.environ['XLA_FLAGS'] = ' '.join(_flags + list(_FAST_COMPILE if SCALE == 'test' else ()))

import matplotlib.pyplot as plt  # noqa: E402  (after XLA_FLAGS)
import numpy as np  # noqa: E402

import genjax  # noqa: E402
from genjax.viz import image_grid  # noqa: E402

WORKDIR = pathlib.Path(os.environ.get('GENJAX_NOTEBOOK_WORKDIR') or tempfile.mkdtemp(prefix='genjax-course-'))
plt.rcParams.update({'figure.dpi': 72, 'savefig.dpi': 72, 'image.cmap': 'gray', 'axes.titlesize': 10})

# Test scale: the nets shrunk wherever the config has the key, and a small batch.
_TINY = {'batch_size': 32, 'data.toy_size': 2000, 'model.hidden': (64,), 'model.g_hidden': (64, 64),
         'model.d_hidden': (64,), 'model.g_features': (16, 8), 'model.d_features': (8, 16),
         'model.g_hidden_dense': 64}


def by_scale(test, default, full):
  """The value of the three for the current SCALE."""
  return {'test': test, 'default': default, 'full': full}[SCALE]


# The default scale narrows the AAEs' 2 x 1,000-unit nets to 2 x 256, to fit 3 minutes on 2 cores.
AAE_NETS = by_scale({}, {'model.hidden': (256, 256), 'model.d_hidden': (256, 256)}, {})


def mnist_or_digits() -> str:
  """'mnist' at the full scale where its IDX files are in $GENJAX_DATA_DIR/mnist (or the repository's
  ../shared/data), else 'digits'; says which. MNIST-size DCGANs do not fit the default scale's 3 minutes
  on 2 CPU cores (dcgan_mnist ran 174 steps in 4 minutes here)."""
  shared = pathlib.Path(__file__).resolve().parents[3] / 'shared' / 'data'
  os.environ.setdefault('GENJAX_DATA_DIR', str(shared))
  if SCALE == 'full' and (pathlib.Path(os.environ['GENJAX_DATA_DIR']) / 'mnist').is_dir():
    print('MNIST found: the mnist configs run.')
    return 'mnist'
  print('MNIST not used (absent, or SCALE is not full): the digits equivalents run instead.')
  return 'digits'


def config(name: str, steps: tuple[int, int], frames: int = 1, **overrides):
  """The shipped config `name` with `overrides` (dotted keys) at SCALE: at 'test' and 'default' it
  trains steps[0] or steps[1] steps ('test' with the nets of _TINY as well), logging 20 times and
  drawing `frames` sample pictures; at 'full' it keeps its own budget."""
  base = genjax.get_config(name)
  if SCALE != 'full':
    count = by_scale(*steps, None)
    overrides = {'steps': count, 'log_every': max(1, count // 20), 'sample_every': max(1, count // frames),
                 'checkpoint_every': count, **overrides}
  if SCALE == 'test':
    keys = _flat(base.to_dict())
    overrides = {**{key: value for key, value in _TINY.items() if key in keys}, **overrides}
  return genjax.get_config(name, **overrides)


def train(name: str, steps: tuple[int, int], frames: int = 1, label: str = '', **overrides):
  """Trains `config(name, steps, frames, **overrides)` in WORKDIR/(label or name); returns the Run."""
  return genjax.train(config(name, steps, frames, **overrides), str(WORKDIR / (label or name)), progress=False)


def held_out(run, num: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
  """The first `num` held-out examples of a run's data and their labels (None if unlabelled)."""
  data = run.dataset
  x, y = (data.test_x, data.test_y) if data.test_x is not None else (data.train_x, data.train_y)
  return np.asarray(x[:num]), None if y is None else np.asarray(y[:num])


def show_images(panels: dict[str, np.ndarray], ncols: int = 8, value_range=(0.0, 1.0), size: float = 3.0):
  """One picture per panel {title: images [N, H, W, C]} side by side, each tiled `ncols` wide."""
  figure, axes = plt.subplots(1, len(panels), figsize=(size * len(panels), size), squeeze=False)
  for ax, (title, images) in zip(axes[0], panels.items()):
    grid = image_grid(np.asarray(images), value_range, ncols)
    ax.imshow(grid if grid.shape[-1] == 3 else grid[..., 0], vmin=0, vmax=255, interpolation='nearest')
    ax.set_title(title)
    ax.axis('off')
  plt.show()


def show_points(panels: dict[str, tuple[np.ndarray, np.ndarray | None]], size: float = 3.0, limits=None):
  """One scatter per panel {title: (points [N, 2], labels [N] or None)} side by side."""
  figure, axes = plt.subplots(1, len(panels), figsize=(size * len(panels), size), squeeze=False)
  for ax, (title, (points, labels)) in zip(axes[0], panels.items()):
    ax.scatter(points[:, 0], points[:, 1], s=3, c=labels, cmap='tab10' if labels is not None else None)
    ax.set_title(title)
    ax.set_aspect('equal')
    if limits is not None:
      ax.set_xlim(limits)
      ax.set_ylim(limits)
  plt.show()


def show_files(panels: dict[str, pathlib.Path], size: float = 3.0):
  """PNG files {title: path} side by side (e.g. a run's GAN Lab frames)."""
  figure, axes = plt.subplots(1, len(panels), figsize=(size * len(panels), size), squeeze=False)
  for ax, (title, path) in zip(axes[0], panels.items()):
    ax.imshow(plt.imread(path))
    ax.set_title(title)
    ax.axis('off')
  plt.show()


def print_table(rows: dict[str, dict[str, float]]) -> None:
  """Rows {name: {column: value}} as an aligned text table, columns those of the first row."""
  columns = list(next(iter(rows.values())))
  width, cell = max(len(name) for name in rows) + 2, max(12, *(len(column) + 2 for column in columns))
  print(''.ljust(width) + ''.join(column.rjust(cell) for column in columns))
  for name, row in rows.items():
    print(name.ljust(width) + ''.join(f'{row[column]:{cell}.4g}' for column in columns))


def differences(base, other) -> dict:
  """The dotted keys whose values differ from config `base` to config `other`, with `other`'s values."""
  flat_base, flat_other = _flat(base.to_dict()), _flat(other.to_dict())
  return {key: value for key, value in flat_other.items() if flat_base.get(key) != value}


def _flat(tree: dict, prefix: str = '') -> dict:
  flat = {}
  for key, value in tree.items():
    flat.update(_flat(value, f'{prefix}{key}.') if isinstance(value, dict) else {f'{prefix}{key}': value})
  return flat

