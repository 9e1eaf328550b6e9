"""The print job a title's manifest describes, as preflight needs it: what each print-shop
file must be — trim, bleed, the binding's page multiple, the job's inks and, for the cover
wrap, the spine its page count and paper give. The print editions check their files against
it as they make them; `pamphlet check` checks the built files."""

from __future__ import annotations

from pamphlet.binding import Binding, binding_of
from pamphlet.inks import ink_names
from pamphlet.manifest import Manifest
from pamphlet.paper import spine_formula, wrap_geometry
from pamphlet.pdf.expectations import Expected


def expected(
    kind: str,
    manifest: Manifest | None,
    binding: Binding | None = None,
    interior_pages: int | None = None,
) -> Expected:
    """What a file preflighted as `kind` should be, for this title (or in general), bound as
    `binding` (default: the manifest's); for a cover, around `interior_pages` pages."""
    if manifest is None:
        return Expected(kind)
    trim = manifest.trim
    spread = (2 * trim.width, trim.height)
    sizes = {"print": (trim.width, trim.height), "booklet": spread, "riso": spread}
    binding = binding or binding_of(manifest)
    spine, formula = None, ""
    if kind == "cover" and interior_pages is not None:
        geometry = wrap_geometry(manifest, interior_pages, binding.spine)
        spine, formula = geometry.spine, spine_formula(geometry) if binding.spine else ""
    back_cover = kind == "cover" or (kind == "print" and binding.self_cover)
    return Expected(
        kind,
        sizes.get(kind),
        manifest.print.bleed,
        binding.page_multiple,
        binding.description.split(":")[0],
        binding.nested,
        (trim.width, trim.height),
        spine,
        formula,
        bool(manifest.isbn) and back_cover,
        ("black",) if kind == "riso" else ink_names(manifest),
    )
