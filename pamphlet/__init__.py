"""pamphlet: a publisher's source texts → print-ready PDF and EPUB editions of a pamphlet."""

from pamphlet.layout import fastload

__version__ = "0.1.0"

fastload.install()  # WeasyPrint, when a command needs it, imports in half the time
