from .release import register

__all__ = ["register"]
