"""Optimizers from config: each player gets its own `optax.GradientTransformation`."""
import ml_collections
import optax

from genjax.errors import GenjaxError, choose


def optimizer_config(name: str = 'adam', learning_rate: float = 1e-3, b1: float = 0.9,
                     b2: float = 0.999, weight_decay: float = 0.0, momentum: float = 0.0,
                     ema_decay: float = 0.0) -> ml_collections.ConfigDict:
  """A player's optimizer settings; `ema_decay` > 0 keeps an EMA of its weights for sampling."""
  return ml_collections.ConfigDict(dict(name=name, learning_rate=learning_rate, b1=b1, b2=b2,
                                        weight_decay=weight_decay, momentum=momentum,
                                        ema_decay=ema_decay))


def make_optimizer(cfg: ml_collections.ConfigDict, player: str) -> optax.GradientTransformation:
  if not cfg.learning_rate > 0:
    raise GenjaxError(f'optim.{player}.learning_rate must be > 0, got {cfg.learning_rate}')
  if not 0.0 <= cfg.ema_decay < 1.0:
    raise GenjaxError(f'optim.{player}.ema_decay must be in [0, 1), got {cfg.ema_decay}')
  builders = {
      'adam': lambda: optax.adam(cfg.learning_rate, b1=cfg.b1, b2=cfg.b2),
      'adamw': lambda: optax.adamw(cfg.learning_rate, b1=cfg.b1, b2=cfg.b2, weight_decay=cfg.weight_decay),
      'sgd': lambda: optax.sgd(cfg.learning_rate, momentum=cfg.momentum or None),
      'rmsprop': lambda: optax.rmsprop(cfg.learning_rate, momentum=cfg.momentum),
  }
  return choose(f'optim.{player}.name', cfg.name, builders)()
