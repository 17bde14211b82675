from .jsonld import register

__all__ = ["register"]
