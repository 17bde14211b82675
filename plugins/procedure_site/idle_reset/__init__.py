from .settings_check import register

__all__ = ["register"]
