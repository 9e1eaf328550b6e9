"""pamphlet: a publisher's source texts → print-ready PDF and EPUB editions of a pamphlet."""

__version__ = "0.1.0"
