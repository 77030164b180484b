"""GAN Lab pictures of a 2-D GAN run: a frame per sample step, assembled into one GIF."""
import numpy as np
import pytest
from PIL import Image

from genjax.training.trainer import train
from tests.conftest import tiny_config


@pytest.mark.parametrize('name', ['gan_ring8', 'wgan_gp_ring8'])
def test_training_on_points_records_frames_and_a_gif(tmp_path, name):
  train(tiny_config(name, 'sample_every=2'), str(tmp_path), progress=False)
  frames = sorted(p.name for p in (tmp_path / 'gan_lab').iterdir())
  assert frames == ['step_00000002.png', 'step_00000004.png']
  with Image.open(tmp_path / 'gan_lab.gif') as gif:
    assert gif.n_frames == 2
  first, last = (np.asarray(Image.open(tmp_path / 'gan_lab' / f)) for f in frames)
  assert first.shape == last.shape and not np.array_equal(first, last)


def test_image_runs_draw_no_gan_lab(tmp_path):
  train(tiny_config('dcgan_digits'), str(tmp_path), progress=False)
  assert not (tmp_path / 'gan_lab').exists() and (tmp_path / 'samples' / 'step_00000004.png').exists()
