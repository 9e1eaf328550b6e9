"""The accessibility an EPUB declares, read back from its package document, and the same
claims in ONIX terms (code lists 196 and 143).

ONIX is filled from the EPUB file that is shipped, not from a second description of it: what
`pamphlet/editions/epub.py` declares is, by construction, what the ONIX record says. A
declaration with no ONIX equivalent stops the bundle rather than being dropped silently.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pamphlet.errors import BuildError

OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"

# schema:accessibilityFeature → ONIX code list 196 (E-publication accessibility detail),
# following EDItEUR's and the W3C's crosswalk of the two vocabularies.
FEATURE_CODES = {
    "tableOfContents": "11",
    "index": "12",
    "readingOrder": "13",
    "alternativeText": "14",
    "longDescription": "15",
    "MathML": "17",
    "ChemML": "18",
    "printPageNumbers": "19",
    "pageBreakMarkers": "19",
    "synchronizedAudioText": "20",
    "ttsMarkup": "21",
    "highContrastDisplay": "26",
    "structuralNavigation": "29",
    "ARIA": "30",
    "latex": "35",
    "displayTransformability": "36",
    "pageNavigation": "41",
    "describedMath": "53",
}
NO_FEATURE = "none"
# schema:accessibilityHazard → ONIX code list 143 (hazard warnings, feature type 12)
HAZARD_CODES = {
    "none": "00",
    "flashing": "13",
    "noFlashingHazard": "14",
    "sound": "15",
    "noSoundHazard": "16",
    "motionSimulation": "17",
    "noMotionSimulationHazard": "18",
    "unknownFlashingHazard": "24",
    "unknownSoundHazard": "25",
    "unknownMotionSimulationHazard": "26",
}
# "textual" alone suffices: code 196/52, all non-decorative content supports reading without sight
READABLE_WITHOUT_SIGHT = "52"
# dcterms:conformsTo, as EPUB Accessibility 1.1 writes it
CONFORMANCE = re.compile(r"^EPUB Accessibility 1\.1 - WCAG 2\.([012]) Level (A|AA|AAA)$")
EPUB_A11Y_1_1 = "04"
WCAG_VERSION_CODES = {"0": "80", "1": "81", "2": "82"}
WCAG_LEVEL_CODES = {"A": "84", "AA": "85", "AAA": "86"}
SUMMARY = "00"
CERTIFIED_BY = "90"
PUBLISHER_CONTACT = "99"


@dataclass(frozen=True)
class Declared:
    """The accessibility metadata of an EPUB's package document, as written there."""

    conforms_to: tuple[str, ...]
    access_modes_sufficient: tuple[str, ...]
    features: tuple[str, ...]
    hazards: tuple[str, ...]
    summary: str
    certified_by: str


@dataclass(frozen=True)
class Feature:
    """One ONIX `ProductFormFeature`: type (list 79), value, description."""

    type: str
    value: str
    description: str = ""


def package_document(epub: Path) -> etree._Element:
    """The root of the EPUB's package document (the OPF named in its container.xml)."""
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
        name = rootfile.get("full-path") if rootfile is not None else None
        if not name:
            raise _unreadable(epub, "META-INF/container.xml names no package document")
        return etree.fromstring(archive.read(name))


def declared(epub: Path) -> Declared:
    """What the EPUB at `epub` declares about its accessibility."""
    metadata = package_document(epub).find(f"{{{OPF}}}metadata")
    if metadata is None:
        raise _unreadable(epub, "its package document has no <metadata>")

    def values(prop: str) -> tuple[str, ...]:
        found = metadata.iterfind(f"{{{OPF}}}meta[@property='{prop}']")
        return tuple((meta.text or "").strip() for meta in found)

    return Declared(
        conforms_to=values("dcterms:conformsTo"),
        access_modes_sufficient=values("schema:accessModeSufficient"),
        features=values("schema:accessibilityFeature"),
        hazards=values("schema:accessibilityHazard"),
        summary=" ".join(values("schema:accessibilitySummary")),
        certified_by=" ".join(values("a11y:certifiedBy")),
    )


def onix_features(epub: Path, contact: str = "") -> list[Feature]:
    """The EPUB's declared accessibility as ONIX `ProductFormFeature`s: conformance, features,
    summary and certifier (type 09, list 196), hazards (type 12, list 143), and the
    publisher's contact for accessibility questions (`contact`, an e-mail address)."""
    claims = declared(epub)
    features = [Feature("09", code) for code in _conformance_codes(epub, claims.conforms_to)]
    if "textual" in claims.access_modes_sufficient:
        features.append(Feature("09", READABLE_WITHOUT_SIGHT))
    for code in _codes(epub, "accessibility feature", claims.features, FEATURE_CODES):
        features.append(Feature("09", code))
    if claims.summary:
        features.append(Feature("09", SUMMARY, claims.summary))
    if claims.certified_by:
        features.append(Feature("09", CERTIFIED_BY, claims.certified_by))
    if contact:
        features.append(Feature("09", PUBLISHER_CONTACT, contact))
    for code in _codes(epub, "accessibility hazard", claims.hazards, HAZARD_CODES):
        features.append(Feature("12", code))
    return features


def _conformance_codes(epub: Path, claims: tuple[str, ...]) -> list[str]:
    codes: list[str] = []
    for claim in claims:
        match = CONFORMANCE.match(claim)
        if not match:
            raise _unmapped(epub, "conformance claim", claim)
        version, level = match.groups()
        codes += [EPUB_A11Y_1_1, WCAG_VERSION_CODES[version], WCAG_LEVEL_CODES[level]]
    return list(dict.fromkeys(codes))


def _codes(epub: Path, what: str, values: tuple[str, ...], table: dict[str, str]) -> list[str]:
    codes: list[str] = []
    for value in values:
        if value == NO_FEATURE and table is FEATURE_CODES:
            continue
        if value not in table:
            raise _unmapped(epub, what, value)
        codes.append(table[value])
    return list(dict.fromkeys(codes))  # in order, once each (two features may share a code)


def _unreadable(epub: Path, what: str) -> BuildError:
    return BuildError(epub, None, what, "build the EPUB again with `pamphlet build`")


def _unmapped(epub: Path, what: str, value: str) -> BuildError:
    return BuildError(
        epub,
        None,
        f'the EPUB declares the {what} "{value}", which has no ONIX equivalent in '
        "pamphlet/dist/accessibility.py",
        "report this to the pamphlet maintainers (add it to the table there)",
    )
