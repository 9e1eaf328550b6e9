"""The title laid out once by WeasyPrint: the pages every paged edition shares, where each
printed page begins, and the cover as a picture."""
