"""Pixels to files: PNG frames kept on disk by step, and animated GIFs, all written atomically."""
import os
import pathlib
import re

import numpy as np
from PIL import Image

from genjax.core.files import atomic_write

_FRAME_NAME = re.compile(r'step_(\d+)\.png')


def _check_pixels(pixels: np.ndarray) -> np.ndarray:
  pixels = np.asarray(pixels)
  if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 3:
    raise ValueError(f'Expected uint8 pixels [H, W, 3], got {pixels.dtype} {pixels.shape}.')
  return pixels


def save_png(path: str | os.PathLike[str], pixels: np.ndarray) -> None:
  """Writes uint8 [H, W, 3] pixels as an RGB PNG, atomically."""
  picture = Image.fromarray(_check_pixels(pixels))
  with atomic_write(path) as tmp:
    picture.save(tmp, format='PNG')


def save_gif(
    path: str | os.PathLike[str],
    frames: list[np.ndarray],
    duration_ms: int = 200,
    loop: int = 0,
) -> None:
  """Writes frames as an animated GIF, atomically.

  Pillow quantizes each frame to a 256-colour palette, and merges consecutive identical frames
  into one shown for their summed duration.

  Args:
    path: the GIF to write; its directory must exist.
    frames: uint8 [H, W, 3] pixels, all of one shape, in the order shown.
    duration_ms: how long each frame is shown.
    loop: how many times the animation repeats; 0 repeats forever.

  Raises:
    ValueError: for no frames, or frames that are malformed or of differing shapes.
  """
  if not frames:
    raise ValueError('Expected at least one frame, got none.')
  frames = [_check_pixels(frame) for frame in frames]
  shapes = sorted({frame.shape for frame in frames})
  if len(shapes) > 1:
    raise ValueError(f'Expected frames of one shape, got shapes {shapes}.')
  first, *rest = [Image.fromarray(frame) for frame in frames]
  with atomic_write(path) as tmp:
    first.save(tmp, format='GIF', save_all=True, append_images=rest, duration=duration_ms,
               loop=loop)


def step_file(step: int) -> str:
  """The name of a per-step picture, zero-padded so that names sort by step: step_00001000.png."""
  return f'step_{step:08d}.png'


def save_frame(directory: str | os.PathLike[str], step: int, pixels: np.ndarray) -> pathlib.Path:
  """Writes `pixels` to `directory/step_file(step)` (creating `directory`); returns the path.

  Frames kept this way outlive the process, so a resumed run can still `assemble_gif` them all.
  """
  if step < 0:
    raise ValueError(f'Expected step >= 0, got {step}.')
  directory = pathlib.Path(directory)
  directory.mkdir(parents=True, exist_ok=True)
  path = directory / step_file(step)
  save_png(path, pixels)
  return path


def step_frames(directory: str | os.PathLike[str]) -> dict[int, pathlib.Path]:
  """The `save_frame` frames in `directory`, {step: path} in increasing step; {} if it holds none
  or does not exist."""
  directory = pathlib.Path(directory)
  matches = [(_FRAME_NAME.fullmatch(path.name), path) for path in directory.iterdir()] if directory.is_dir() else []
  return dict(sorted((int(match.group(1)), path) for match, path in matches if match))


def assemble_gif(
    directory: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    duration_ms: int = 200,
    loop: int = 0,
) -> int:
  """Writes the `save_frame` frames in `directory`, in increasing step, as a GIF at `out_path`.

  Returns:
    The number of frames read.

  Raises:
    ValueError: if `directory` holds no frame, or what `save_gif` rejects.
  """
  steps = step_frames(directory)
  if not steps:
    raise ValueError(f'Expected step_*.png frames in {str(directory)!r}, found none.')
  frames = []
  for step in sorted(steps):
    with Image.open(steps[step]) as picture:
      frames.append(np.asarray(picture.convert('RGB')))
  save_gif(out_path, frames, duration_ms, loop)
  return len(frames)
