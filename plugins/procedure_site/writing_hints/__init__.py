from .hints import register

__all__ = ["register"]
