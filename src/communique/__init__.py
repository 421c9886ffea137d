"""communique: raw news in, political event data out.

Events are coded in CAMEO (event codes, Goldstein scale, QuadClass, actor codes) and PLOVER
(event type, mode, context), each with the sentence and trigger that justify it.

>>> from communique import Pipeline
>>> for event in Pipeline().code("story.txt"):
...     print(event.source.code, event.event_code, event.target and event.target.code)
"""

from communique.model import Actor, Article, Event, Evidence, Location, Plover, Rejected
from communique.pipeline import Pipeline

__all__ = ["Actor", "Article", "Event", "Evidence", "Location", "Pipeline", "Plover", "Rejected"]
__version__ = "0.1.0"
