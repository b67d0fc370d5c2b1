"""The spaCy layer: load the English pipeline and add eventwire's rulers to it."""

from eventwire.nlp.loader import MODEL_PACKAGES, load_pipeline

__all__ = ["MODEL_PACKAGES", "load_pipeline"]
