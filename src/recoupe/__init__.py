"""recoupe: a French-first news intelligence engine."""

__version__ = "0.1.0"
