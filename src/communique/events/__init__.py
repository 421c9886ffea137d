"""Events: parsed sentences + actors → CAMEO and PLOVER coded events."""
