"""Actors: dictionary words → CAMEO-coded actors, with in-article coreference."""
