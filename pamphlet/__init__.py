"""pamphlet: a publisher's source texts → print-ready PDF and EPUB editions of a pamphlet."""

from pamphlet.fonts import confine_fontconfig
from pamphlet.layout import fastload

__version__ = "0.1.0"

confine_fontconfig()  # before anything imports WeasyPrint: the project's fonts, never the machine's
fastload.install()  # WeasyPrint, when a command needs it, imports in half the time
