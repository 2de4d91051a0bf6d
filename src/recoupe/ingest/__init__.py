"""Readers for every input format, each ``-> Iterator[RawArticle | Reject]``,
and :func:`read_inputs`, the one entry point over files and folders (:func:`count_inputs`
counts what it will yield, cheaply, for a progress bar's total)."""

from recoupe.ingest.common import iso_date
from recoupe.ingest.count import count_inputs
from recoupe.ingest.feed import read_feed
from recoupe.ingest.html import HtmlResult, fragment_to_text, html_to_text, read_html
from recoupe.ingest.inputs import SUPPORTED, detect_format, read_inputs
from recoupe.ingest.jsonl import read_jsonl
from recoupe.ingest.meta import apply_meta, read_meta
from recoupe.ingest.text import decode_bytes, read_txt
from recoupe.ingest.warc import read_warc

__all__ = [
    "SUPPORTED",
    "HtmlResult",
    "apply_meta",
    "count_inputs",
    "decode_bytes",
    "detect_format",
    "fragment_to_text",
    "html_to_text",
    "iso_date",
    "read_feed",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_meta",
    "read_txt",
    "read_warc",
]
