from .folders import register

__all__ = ["register"]
