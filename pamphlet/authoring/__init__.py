"""The authoring wing: what an editor runs on the sources, apart from the build's reader.

- `scaffold` writes a new title folder (`pamphlet new`) and the manifest of an import;
- `exports`, `webpage`, `recognise`, `classify` and `importer` turn a web article exported as
  text or HTML into a title folder (`pamphlet import`), reporting every guess;
- `lint` proofreads the sources (`pamphlet lint`).

Nothing here is needed to build a title; the build never imports this package.
"""
