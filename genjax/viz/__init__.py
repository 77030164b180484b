"""Pictures: image grids and 2D point plots, written atomically as PNG; no display needed."""
from genjax.viz.grid import image_grid
from genjax.viz.grid import save_image_grid
from genjax.viz.points import save_points_plot

__all__ = ['image_grid', 'save_image_grid', 'save_points_plot']
