"""The method contract: every method has exactly the capabilities (protocols of genjax.methods.base)
in the table below, so a method that gains or loses one fails here."""
import pytest

from genjax.config import base_config
from genjax.data.spec import DataSpec
from genjax.methods import METHODS, build_method
from genjax.methods.base import (AdversarialField, ClassConditional, Decoder, Encoder, GroupsItsBatch,
                                 LearnsFromLabelledSubset, LikelihoodBound, NoiseSampler, PriorSampler, Sampler,
                                 Translator)

CAPABILITIES = (Sampler, ClassConditional, Encoder, Decoder, PriorSampler, NoiseSampler, LikelihoodBound,
                Translator, AdversarialField, LearnsFromLabelledSubset, GroupsItsBatch)
EXPECTED = {
    'ae': {Sampler, Encoder, Decoder},
    'vae': {Sampler, Encoder, Decoder, PriorSampler, LikelihoodBound},
    'vqvae': {Sampler},
    'gpvae': {Sampler},
    'aae': {Sampler, ClassConditional, Encoder, Decoder, PriorSampler, LearnsFromLabelledSubset},
    'gan': {Sampler, ClassConditional, Decoder, NoiseSampler, AdversarialField, GroupsItsBatch},
    'bigan': {Sampler, Encoder, Decoder, PriorSampler},
    'classifier': set(),
    'cogan': {Sampler, Decoder, NoiseSampler},
    'cyclegan': {Translator},
}
DIGITS = DataSpec(kind='image', shape=(8, 8, 1), value_range=(0.0, 1.0), num_classes=10, levels=17)
SIGNED_DIGITS = DataSpec(kind='image', shape=(8, 8, 1), value_range=(-1.0, 1.0), num_classes=10, levels=17)
PAIRS = DataSpec(kind='image', shape=(8, 8, 2), value_range=(-1.0, 1.0), num_classes=10, levels=17)
SEQUENCES = DataSpec(kind='sequence', shape=(5, 8, 8, 1), value_range=(0.0, 1.0), num_classes=0, levels=17)
SPECS = {'gan': SIGNED_DIGITS, 'bigan': SIGNED_DIGITS, 'cogan': PAIRS, 'cyclegan': PAIRS, 'gpvae': SEQUENCES}


def test_the_table_covers_every_method():
  assert set(EXPECTED) == set(METHODS)


@pytest.mark.parametrize('name', sorted(METHODS))
def test_each_method_has_exactly_its_capabilities(name):
  method = build_method(base_config(name), SPECS.get(name, DIGITS))
  assert {capability for capability in CAPABILITIES if isinstance(method, capability)} == EXPECTED[name]
  assert issubclass(METHODS[name], Sampler) == (Sampler in EXPECTED[name])  # What a sweep checks.
