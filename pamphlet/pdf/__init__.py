"""The PDF layer below the editions and checks: geometry, printer's marks, PDF/X finishing,
the content-stream reader, recolouring and imposition. Nothing here imports an edition or a
checker."""
