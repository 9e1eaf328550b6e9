"""pamphlet: a publisher's source texts → print-ready PDF and EPUB editions of a pamphlet."""

__version__ = "0.1.0"

from pamphlet.fonts import confine_fontconfig

confine_fontconfig()  # before anything imports WeasyPrint: the project's fonts, never the machine's
