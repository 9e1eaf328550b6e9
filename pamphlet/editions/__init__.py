"""The editions, one module each (see pamphlet.registry, the one list of editions): each has
`build(context) -> list[Path]` and is imported only when its edition is built."""
