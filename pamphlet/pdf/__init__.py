"""The PDF layer below the editions and checks: geometry, printer's marks, PDF/X finishing,
the content-stream reader, recolouring and imposition, and what the screen PDF gets after
WeasyPrint wrote it (accessibility: artifacts, XMP); every stream valid (streams). Nothing
here imports an edition or a checker."""
