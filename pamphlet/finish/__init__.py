"""Finishers: steps run after the editions they describe, from what those editions made in
the same build (pamphlet.products), each declared in the registry
(pamphlet.registry.FINISHERS)."""
