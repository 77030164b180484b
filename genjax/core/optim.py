"""Optimizers from config (`genjax.config.optimizer_config`): each player gets its own
`optax.GradientTransformation`."""
from collections.abc import Collection

import ml_collections
import optax

from genjax.errors import GenjaxError, choose


# Inside Adam's square root: d sqrt(nu)/d nu is infinite at nu = 0 (a parameter whose gradient has
# been exactly zero, e.g. an unused maxout piece), which makes differentiating through the update NaN.
DIFFERENTIABLE_EPS_ROOT = 1e-12


def make_optimizer(cfg: ml_collections.ConfigDict, player: str,
                   differentiable: bool = False) -> optax.GradientTransformation:
  """The optimizer `cfg` names; `differentiable` when its update is differentiated through (the
  unrolled GAN), which puts DIFFERENTIABLE_EPS_ROOT inside Adam's square root."""
  if not cfg.learning_rate > 0:
    raise GenjaxError(f'optim.{player}.learning_rate must be > 0, got {cfg.learning_rate}')
  if not 0.0 <= cfg.ema_decay < 1.0:
    raise GenjaxError(f'optim.{player}.ema_decay must be in [0, 1), got {cfg.ema_decay}')
  eps_root = DIFFERENTIABLE_EPS_ROOT if differentiable else 0.0
  builders = {
      'adam': lambda: optax.adam(cfg.learning_rate, b1=cfg.b1, b2=cfg.b2, eps_root=eps_root),
      'adamw': lambda: optax.adamw(cfg.learning_rate, b1=cfg.b1, b2=cfg.b2, eps_root=eps_root,
                                   weight_decay=cfg.weight_decay),
      'sgd': lambda: optax.sgd(cfg.learning_rate, momentum=cfg.momentum or None),
      'rmsprop': lambda: optax.rmsprop(cfg.learning_rate, momentum=cfg.momentum),
  }
  return choose(f'optim.{player}.name', cfg.name, builders)()


def player_optimizers(optim: ml_collections.ConfigDict, names: Collection[str],
                      differentiable: Collection[str] = ()
                      ) -> tuple[dict[str, optax.GradientTransformation], dict[str, float]]:
  """({name: optimizer}, {name: EMA decay}) of the config.optim entries `names`; the optimizers of
  those in `differentiable` are differentiated through (`make_optimizer`)."""
  missing = [name for name in names if name not in optim]
  if missing:
    raise GenjaxError(f"config.optim has no entry for {', '.join(missing)}")
  optimizers = {name: make_optimizer(optim[name], name, differentiable=name in differentiable)
                for name in names}
  return optimizers, {name: optim[name].ema_decay for name in names}
