from .kinds import register

__all__ = ["register"]
