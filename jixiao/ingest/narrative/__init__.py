"""Prose parts of a 部门决算: sections, the numbers they state, and named facts.

1. **Sections** (:func:`read_prose`, :mod:`~jixiao.ingest.narrative.sections`): headings, items,
   paragraphs and chart captions; every non-blank line is placed into exactly one section.
2. **Stated numbers** (:mod:`~jixiao.ingest.narrative.stated`): every number in a section's text,
   with its unit, label, position and line.
3. **Facts** (:func:`extract_facts`, :mod:`~jixiao.ingest.narrative.facts`): sections of the
   情况说明 found by title, sentence templates (:mod:`~jixiao.ingest.narrative.templates`) that pick
   the named numbers out of them, under the names declared in :mod:`jixiao.model.facts`.
"""

from jixiao.ingest.narrative.facts import extract_facts
from jixiao.ingest.narrative.sections import read_prose

__all__ = ["extract_facts", "read_prose"]
