"""Experiment configs as plain data: `base_config(method)` gives every common key and the method's
model and optimizer defaults, a config file changes what it needs (or `extend`s a sibling config),
and `load_config` reads a file with `KEY=VALUE` overrides."""
from genjax.config.common import base_config
from genjax.config.common import data_config
from genjax.config.common import optimizer_config
from genjax.config.common import validate_common
from genjax.config.common import with_method
from genjax.config.gan_variants import with_variant
from genjax.config.loading import extend
from genjax.config.loading import load_config
from genjax.config.overrides import apply_override

__all__ = ['apply_override', 'base_config', 'data_config', 'extend', 'load_config', 'optimizer_config', 'validate_common',
           'with_method', 'with_variant']
