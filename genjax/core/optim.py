"""Optimizers from config (`genjax.config.optimizer_config`): each player gets its own
`optax.GradientTransformation`."""
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
