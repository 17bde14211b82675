from .report import register

__all__ = ["register"]
