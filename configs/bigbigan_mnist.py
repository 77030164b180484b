"""BigBiGAN (Donahue & Simonyan 2019, "Large Scale Adversarial Representation Learning", Sec. 2) at
MNIST scale: bigan_mnist.py with DCGAN-style convolutional nets instead of BigGAN and RevNet. G z(50)
→ 7·7·128 → 64 → 1 + tanh; E and D's x trunk strided convs 64 → 128; D's z trunk and joint MLP of
1,024 units; the unary scores s_x and s_z beside s_xz, hinge loss summed over the three; z ~ N(0, I).

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/bigbigan_mnist.py --workdir runs/bigbigan_mnist
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'bigan_mnist.py')
  config.model.update(dict(
      unary_terms=True, loss='hinge', prior='gaussian', generator='dcgan', encoder='dcgan',
      discriminator='dcgan', g_features=(128, 64), e_features=(64, 128), e_batchnorm=True,
      d_features=(64, 128)))
  return config
