"""The HTML briefing: a self-contained page where every quote links back to its sentence."""

from recoupe.report.briefing import render_briefing, write_briefing

__all__ = ["render_briefing", "write_briefing"]
