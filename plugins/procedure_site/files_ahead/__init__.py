from .files import register

__all__ = ["register"]
