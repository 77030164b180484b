"""The main job: a VAE on scikit-learn's bundled 8x8 digits, about a minute on 2 CPU cores.

  genjax train --config configs/quickstart.py --workdir runs/quickstart

Leaves runs/quickstart/samples/step_*.png, metrics.jsonl, TensorBoard events and checkpoints/.
"""
import pathlib

from genjax.config import load_config


def get_config():
  config = load_config(pathlib.Path(__file__).with_name('vae_digits.py'))
  config.steps = 5000
  return config
