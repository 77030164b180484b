"""Checkpoints between a trainer and its readers: a held checkpoint is never deleted, a failed read is
tried again before it is called damage, and damage names the folder to delete."""
import re
import shutil

import jax
import jax.numpy as jnp
import numpy as np
import orbax.checkpoint as ocp
import pytest

from genjax.core.checkpoint import Checkpoints, reading
from genjax.errors import GenjaxError

STATE = {'w': jnp.arange(4.0)}
ABSTRACT = jax.eval_shape(lambda: STATE)


def record(step: int) -> dict:
  return {'step': step, 'method': 'vae', 'seed': 0, 'root_key': [0, 0], 'batch_size': 16,
          'data_position': {'epoch': 0, 'index': step},
          'data_spec': {'kind': 'points', 'shape': [2], 'value_range': [-1.0, 1.0], 'num_classes': 0,
                        'levels': 0}}


def saved(directory, *steps: int, keep: int = 1) -> Checkpoints:
  trainer = Checkpoints(directory, keep)
  for step in steps:
    trainer.save(step, STATE, record(step))
  return trainer


def test_a_reader_keeps_its_checkpoints_until_it_is_done_and_the_trainer_never_waits(tmp_path):
  trainer = saved(tmp_path, 1, 2)  # 1 is finished: the save of 2 waited for it
  with reading(tmp_path) as reader:
    held = reader.steps()
    for step in (3, 4, 5):
      trainer.save(step, STATE, record(step))  # each finishes the save before it, then would delete
    assert held[0] == 1 and set(held) <= set(trainer.steps())
    np.testing.assert_array_equal(reader.restore(1, ABSTRACT)['w'], STATE['w'])
  trainer.close()  # The reader is gone: the old ones go.
  assert trainer.steps() == [5]


def test_a_read_that_fails_once_is_read_again_not_called_damage(tmp_path, monkeypatch):
  saved(tmp_path, 1).close()
  restore, failures = ocp.CheckpointManager.restore, []

  def fails_once(manager, *args, **kwargs):
    if not failures:
      failures.append(1)
      raise ValueError('NOT_FOUND: a read that met a passing failure')
    return restore(manager, *args, **kwargs)

  monkeypatch.setattr(ocp.CheckpointManager, 'restore', fails_once)
  with reading(tmp_path) as reader:
    assert reader.read_record(1)['step'] == 1 and failures


def test_damage_names_the_folder_to_delete_and_a_removed_checkpoint_is_no_damage(tmp_path):
  saved(tmp_path, 1, 2, keep=2).close()
  for file in (tmp_path / '2' / 'state').rglob('*'):
    if file.is_file():
      file.write_bytes(b'\0garbage')
  with reading(tmp_path) as reader:
    damaged = r'^checkpoint 2 (is corrupt|has no readable state metadata) \(.*\); '
    folder = re.escape(str(tmp_path.absolute() / '2'))
    with pytest.raises(GenjaxError, match=rf'{damaged}delete {folder} to use an earlier one$'):
      reader.restore(2, ABSTRACT)
    shutil.rmtree(tmp_path / '1')  # by hand, not by a genjax trainer, which respects the reader
    with pytest.raises(GenjaxError, match='checkpoint 1 in .* was removed by another process') as error:
      reader.restore(1, ABSTRACT)
    assert 'delete' not in str(error.value)
