"""Pictures: image grids, 2D point plots and GAN Lab frames, written atomically as PNG or GIF."""
from genjax.viz.frames import assemble_gif
from genjax.viz.frames import save_frame
from genjax.viz.frames import save_gif
from genjax.viz.frames import save_png
from genjax.viz.gan_lab import draw_gan_lab_frame
from genjax.viz.gan_lab import field_grid
from genjax.viz.gan_lab import field_image
from genjax.viz.grid import image_grid
from genjax.viz.grid import save_image_grid
from genjax.viz.points import save_points_plot

__all__ = [
    'assemble_gif', 'draw_gan_lab_frame', 'field_grid', 'field_image', 'image_grid', 'save_frame',
    'save_gif', 'save_image_grid', 'save_png', 'save_points_plot',
]
