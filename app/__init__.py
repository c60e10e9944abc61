"""Rehearse: practise spoken technical job interviews in English, offline."""

__version__ = "0.1.0"
