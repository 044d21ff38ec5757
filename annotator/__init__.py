"""annotator: label Arabic news articles (entities, quotations, stances) and export training data."""

__version__ = "0.1.0"
