from .encoding import register

__all__ = ["register"]
