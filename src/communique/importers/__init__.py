"""Importers of other coders' dictionaries into communique dictionary folders."""
