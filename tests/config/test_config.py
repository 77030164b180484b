"""Config files, overrides and the checks on the common keys."""
import pathlib

import hypothesis
import hypothesis.strategies as st
import pytest

from genjax.config import apply_override, base_config, load_config, validate_common, with_method
from genjax.errors import GenjaxError
from genjax.methods import model_defaults
from tests.conftest import CONFIGS

SHIPPED = sorted(p.stem for p in CONFIGS.glob('*.py'))
COMMON = ('seed', 'steps', 'batch_size', 'log_every', 'checkpoint_every', 'sample_every')


@pytest.mark.parametrize('name', SHIPPED)
def test_shipped_config_has_common_keys_and_its_run_command(name):
  config = load_config(CONFIGS / f'{name}.py')
  validate_common(config)
  assert all(key in config for key in COMMON) and config.data.source
  doc = (CONFIGS / f'{name}.py').read_text().split('"""')[1]
  assert f'genjax train --config configs/{name}.py --workdir runs/{name}' in doc


def test_issue_configs_are_shipped():
  assert {'quickstart', 'vae_digits', 'vae_mnist', 'gan_ring8', 'gan_grid25', 'dcgan_digits',
          'dcgan_mnist'} <= set(SHIPPED)


@hypothesis.given(steps=st.integers(1, 10**9), lr=st.floats(1e-8, 1.0), flag=st.booleans(),
                  source=st.text(st.characters(categories=['L', 'N']), min_size=1, max_size=12))
@hypothesis.settings(max_examples=30, deadline=None)
def test_overrides_parse_to_the_keys_type(steps, lr, flag, source):
  config = base_config()
  config.optim = {'g': {'learning_rate': 0.1}}
  for override in (f'steps={steps}', f'optim.g.learning_rate={lr!r}', f'data.binarize={flag}',
                   f'data.source={source}'):
    apply_override(config, override)
  assert (config.steps, config.optim.g.learning_rate, config.data.binarize, config.data.source) == (
      steps, lr, flag, source)


def test_tuple_override():
  config = load_config(CONFIGS / 'vae_digits.py', ['model.hidden=(64, 32)'])
  assert config.model.hidden == (64, 32)


@pytest.mark.parametrize('override, message', [
    ('stepz=3', "unknown config key 'stepz'"),
    ('data.nope=1', "unknown config key 'data.nope'"),
    ('steps=ten', "config key 'steps' expects int, got 'ten'"),
    ('batch_size=1.5', "expects int"),
    ('data.binarize=maybe', 'expects bool'),
    ('model.hidden=(1.5,)', 'expects tuple'),
    ('data=1', 'is a group'),
    ('steps', 'must look like KEY=VALUE'),
])
def test_bad_override_is_one_line_error(override, message):
  config = load_config(CONFIGS / 'vae_digits.py')
  with pytest.raises(GenjaxError, match=message) as error:
    apply_override(config, override)
  assert '\n' not in str(error.value)


@pytest.mark.parametrize('key, value', [('steps', 0), ('batch_size', -4), ('log_every', 0),
                                        ('seed', -1), ('steps', True), ('rng_impl', 'philox')])
def test_invalid_common_values_are_rejected(key, value):
  config = load_config(CONFIGS / 'vae_digits.py')
  config[key] = value
  with pytest.raises(GenjaxError, match=key):
    validate_common(config)


def test_missing_or_broken_config_file(tmp_path: pathlib.Path):
  with pytest.raises(GenjaxError, match='does not exist'):
    load_config(str(tmp_path / 'absent.py'))
  broken = tmp_path / 'broken.py'
  broken.write_text('def get_config():\n  return 1 / 0\n')
  with pytest.raises(GenjaxError, match='ZeroDivisionError'):
    load_config(str(broken))
  wrong = tmp_path / 'wrong.py'
  wrong.write_text('def get_config():\n  return {}\n')
  with pytest.raises(GenjaxError, match='ConfigDict'):
    load_config(str(wrong))


def test_a_frozen_config_is_refused_in_one_line(tmp_path: pathlib.Path):
  frozen = tmp_path / 'frozen.py'
  frozen.write_text('import ml_collections\n\ndef get_config():\n'
                    '  return ml_collections.FrozenConfigDict({"steps": 3})\n')
  with pytest.raises(GenjaxError, match='not FrozenConfigDict: overrides change it') as error:
    load_config(str(frozen), ['steps=4'])
  assert '\n' not in str(error.value)


@pytest.mark.parametrize('entry', ['method', 'data', 'model', 'optim'])
def test_a_config_without_an_entry_is_refused_by_name(entry):
  config = load_config(CONFIGS / 'vae_digits.py')
  del config[entry]
  with pytest.raises(GenjaxError, match=f"the config has no '{entry}' entry"):
    validate_common(config)


def test_with_method_keeps_the_experiment_and_takes_the_method_defaults():
  vae = load_config(CONFIGS / 'vae_digits.py')
  vqvae = with_method(vae, 'vqvae')
  assert vqvae.method == 'vqvae' and vqvae.steps == vae.steps and vqvae.data == vae.data
  assert vqvae.model == model_defaults('vqvae') and set(vqvae.optim) == {'vqvae', 'prior'}
  assert vae.model.beta == 1.0 and vqvae.model.beta == 0.25  # same name, another meaning: not copied
