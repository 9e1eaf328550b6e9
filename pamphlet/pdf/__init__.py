"""The PDF layer: what pamphlet does to a PDF after WeasyPrint wrote it, with pikepdf."""
