from .reader import register

__all__ = ["register"]
