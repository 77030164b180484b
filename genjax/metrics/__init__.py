"""Evaluation metrics: pure functions of features, samples or model densities, batch-size independent."""
