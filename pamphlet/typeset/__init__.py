"""Whole-paragraph line breaking for the paged editions: Knuth–Plass over WeasyPrint.

hyphenation.py says where a word may break, knuth_plass.py chooses a paragraph's breaks,
paragraph.py turns WeasyPrint's boxes into the breaker's items and back, and weasy.py makes
WeasyPrint set exactly the chosen lines during its one layout of the book.
"""

from pamphlet.typeset.weasy import Report, optimal_lines, report_lines

__all__ = ["Report", "optimal_lines", "report_lines"]
