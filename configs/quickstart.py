"""The main job: a VAE on scikit-learn's bundled 8x8 digits, about a minute on 2 CPU cores.

  genjax train --config configs/quickstart.py --workdir runs/quickstart

Leaves runs/quickstart/samples/step_*.png, metrics.jsonl, TensorBoard events and checkpoints/.
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'vae_digits.py')
  config.steps = 5000
  return config
