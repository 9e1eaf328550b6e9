"""Whole-paragraph line breaking and pages that end well, for the paged editions:
Knuth–Plass over WeasyPrint.

hyphenation.py says where a word may break, knuth_plass.py chooses a paragraph's breaks,
paragraph.py turns WeasyPrint's boxes into the breaker's items and back, and weasy.py makes
WeasyPrint set exactly the chosen lines during its one layout of the book. pagination.py
makes the pages in that layout and, for a page that ends short, chooses paragraphs to set a
line longer or shorter (looseness.py) or a spread to run a line long or short (search.py,
over the rows of page_model.py); pages.py opens the gaps of what is left, a little.
"""

from pamphlet.typeset.weasy import Report, optimal_lines, report_lines

__all__ = ["Report", "optimal_lines", "report_lines"]
