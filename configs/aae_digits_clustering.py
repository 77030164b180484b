"""aae_mnist_clustering on scikit-learn's 8x8 digits, offline, with 16 clusters, as Makhzani et al.
2016 cluster MNIST (Sec. 6: 16 and 30 clusters), and the class logits divided by a temperature of
0.1 (`model.temperature`; the paper's softmax has none). Measured on digits with 2 x 256-unit nets
(docs/notebooks/05_applications.ipynb's default scale): at temperature 1 the categorical
discriminator tells the encoder's soft outputs from one-hot draws, and y either saturates at one
class for every digit within the first steps (10 clusters: all digits in one, 11.7% held out) or,
with the adversary slowed to a learning rate of 1e-4, stays soft (16%-51% held out over three
seeds); at 0.1 the code is one-hot and the digits spread over 7-13 of the 16 clusters (47%-84%
held out over seeds 0-3, each cluster labelled by the majority of its training digits).

  genjax train --config configs/aae_digits_clustering.py --workdir runs/aae_digits_clustering
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist_clustering.py')
  config.data.source = 'digits'
  config.steps = 3000
  config.model.clusters = 16
  config.model.temperature = 0.1
  return config
