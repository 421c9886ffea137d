"""Evaluate: gold-standard readers and scoring of the coder against them."""

from communique.evaluate.gold import GoldEvent, GoldItem, read_gold
from communique.evaluate.score import Report, evaluate

__all__ = ["GoldEvent", "GoldItem", "Report", "evaluate", "read_gold"]
