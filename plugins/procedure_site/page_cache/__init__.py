from .cache import register

__all__ = ["register"]
