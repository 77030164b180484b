"""A matplotlib figure on its own Agg canvas, matplotlib imported on first use."""
from typing import Any


def agg_figure(width: float, height: float) -> Any:
  """A `matplotlib.figure.Figure` of width x height inches at 100 dpi, on an Agg canvas of its own: no
  pyplot, no global backend, no display. matplotlib is imported here, not with genjax.viz, so a run
  that draws no plot does not pay for it (0.4 s of every start)."""
  from matplotlib.backends.backend_agg import FigureCanvasAgg  # pylint: disable=import-outside-toplevel
  from matplotlib.figure import Figure  # pylint: disable=import-outside-toplevel
  figure = Figure(figsize=(width, height), dpi=100)
  FigureCanvasAgg(figure)
  return figure
