"""Actors: a dictionary of known armed, political and state actors, and phrase resolution.

``default_actor_dictionary().resolve("Israeli forces", focus={"PSE": 1.0})`` returns the
entry for the Israel Defense Forces; ``patterns()`` feeds spaCy's span or entity ruler.
"""

from eventwire.actors.dictionary import ActorDictionary, default_actor_dictionary
from eventwire.actors.index import ActorEntry
from eventwire.actors.schema import TYPE_CODES, ActorDictionaryError, TypeCodes, acled_inter_for

__all__ = [
    "TYPE_CODES",
    "ActorDictionary",
    "ActorDictionaryError",
    "ActorEntry",
    "TypeCodes",
    "acled_inter_for",
    "default_actor_dictionary",
]
