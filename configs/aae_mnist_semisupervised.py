"""Semi-supervised adversarial autoencoder on MNIST (Makhzani et al. 2016, Sec. 5, Fig. 8): the nets
of aae_mnist_clustering.py (the encoder outputs a class y (softmax) and a 10-D style z; y is matched
to a uniform categorical and z to N(0, I) by two discriminators), and 100 labelled training
examples (10 per class, picked by model.labelled_seed) train y: the trainer picks them from the
training set (genjax.data.labelled). model.num_labels=1000 gives the paper's other setting.

  GENJAX_DATA_DIR=../shared/data genjax train --config configs/aae_mnist_semisupervised.py --workdir runs/aae_mnist_semisupervised
"""
from genjax.config import extend, optimizer_config


def get_config():
  config = extend(__file__, 'aae_mnist_clustering.py')
  config.model.num_labels = 100
  config.optim.classifier = optimizer_config(learning_rate=1e-3)
  return config
