"""Training state as pytrees: one `PlayerState` per player (network + its optimizer), a step count."""
from collections.abc import Callable
from typing import Any

import flax
import jax
import jax.numpy as jnp
import optax


@flax.struct.dataclass
class PlayerState:
  """One player's parameters, mutable collections, optimizer state and optional EMA weights."""
  params: Any
  opt_state: Any
  batch_stats: Any = flax.struct.field(default_factory=dict)
  ema_params: Any = None

  def variables(self, use_ema: bool = False) -> dict:
    """The `variables` dict for `module.apply`; EMA weights when asked for and kept."""
    params = self.ema_params if use_ema and self.ema_params is not None else self.params
    return {'params': params, 'batch_stats': self.batch_stats} if self.batch_stats else {'params': params}


@flax.struct.dataclass
class TrainState:
  step: jax.Array
  players: dict[str, PlayerState]


def new_state(players: dict[str, PlayerState]) -> TrainState:
  """The state of fresh `players` at step 0."""
  return TrainState(step=jnp.zeros((), jnp.int32), players=players)


def new_player(variables: dict, optimizer: optax.GradientTransformation,
               ema_decay: float = 0.0) -> PlayerState:
  """A player from `module.init` output; with `ema_decay` > 0 it keeps EMA weights, which start
  equal to the parameters."""
  params = variables['params']
  return PlayerState(params=params, opt_state=optimizer.init(params),
                     batch_stats=variables.get('batch_stats', {}),
                     ema_params=jax.tree.map(jnp.copy, params) if ema_decay > 0 else None)


def apply_gradients(player: PlayerState, grads, optimizer: optax.GradientTransformation,
                    batch_stats=None, ema_decay: float = 0.0) -> PlayerState:
  """One optimizer update; also takes new batch statistics and moves the EMA weights."""
  updates, opt_state = optimizer.update(grads, player.opt_state, player.params)
  params = optax.apply_updates(player.params, updates)
  ema = player.ema_params
  if ema is not None:
    ema = optax.incremental_update(params, ema, step_size=1.0 - ema_decay)
  return player.replace(params=params, opt_state=opt_state, ema_params=ema,
                        batch_stats=player.batch_stats if batch_stats is None else batch_stats)


def jit_init(init: Callable, **jit_kwargs) -> Callable:
  """`jax.jit(init, **jit_kwargs)` for a state initializer: it runs once, and its random initializers
  are many small kernels that XLA:CPU takes as long to optimize as the train step (a tiny BigGAN:
  7.5 s, 5.5 s unoptimized), so the backend leaves them unoptimized."""
  return jax.jit(init, compiler_options={'xla_backend_optimization_level': 0}, **jit_kwargs)
