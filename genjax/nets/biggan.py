"""BigGAN's ingredients (Brock et al. 2019) on DCGAN-sized players, for MNIST-scale images.

Spectral norm on every layer of G and D (Miyato et al. 2018; BigGAN Sec. 3), a SAGAN
self-attention block at `attention_resolution` (Zhang et al. 2019), a class embedding shared by
all of G's layers: concatenated with z, it is G's input and what each conditional batch norm
projects to its gain and bias (BigGAN Sec. 3, Appendix B), and a projection discriminator with
ReLU (Miyato & Koyama 2018). num_classes=0: plain batch norm and no projection.
D's features φ are its flattened last feature map, as in DCGAN (BigGAN sums them over positions).
Orthogonal regularization and the truncation trick belong to the GAN method.
"""
from genjax.nets.dcgan import DCGANDiscriminator, DCGANGenerator


class BigGANGenerator(DCGANGenerator):
  """z [B, latent], labels [B] -> images [B, H, W, C] in [-1, 1]."""
  spectral_norm: bool = True
  conditional_batchnorm: bool = True


class BigGANDiscriminator(DCGANDiscriminator):
  """Images [B, H, W, C], labels [B] -> logits [B]."""
  activation: str = 'relu'
  conditioning: str = 'projection'
  spectral_norm: bool = True
