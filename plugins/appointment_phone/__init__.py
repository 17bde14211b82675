from .phone import register

__all__ = ["register"]
