"""Unsupervised clustering with an adversarial autoencoder on MNIST (Makhzani et al. 2016, Sec. 6):
the encoder outputs a class y (softmax) and a 10-D style z, matched to a uniform categorical and to
N(0, I) by two discriminators, with no labels at all; the cluster of x is the argmax of y. The
paper uses 16 or 30 clusters; here there is one per class (10), scored by the best one-to-one map
of clusters to labels.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/aae_mnist_clustering.py --workdir runs/aae_mnist_clustering
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist.py')
  config.model.conditioning = 'categorical'
  config.model.latent_dim = 10
  config.model.num_labels = 0
  return config
