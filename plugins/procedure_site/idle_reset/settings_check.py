"""Checks the kiosk's idle-reset settings before anything is built.

WCAG 2.2.1 (Timing Adjustable) asks that a patient be warned before a time
limit and given at least 20 seconds to extend it.
"""

from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build

MINIMUM_COUNTDOWN = 20


def setting_problems(settings) -> list:
    """What is wrong with the idle reset's settings, as data."""
    found = []
    idle, countdown = settings.get("KIOSK_IDLE_SECONDS"), settings.get("KIOSK_COUNTDOWN_SECONDS")
    if not isinstance(idle, (int, float)) or idle <= 0:
        found.append(
            problem(
                "kioskconf.py",
                f"KIOSK_IDLE_SECONDS = {idle!r} must be a number of seconds above 0.",
                "set it to how long the kiosk waits without a touch, e.g. 120.",
            )
        )
    if not isinstance(countdown, (int, float)) or countdown < MINIMUM_COUNTDOWN:
        found.append(
            problem(
                "kioskconf.py",
                f"KIOSK_COUNTDOWN_SECONDS = {countdown!r} gives a patient too "
                f"little time; it must be at least {MINIMUM_COUNTDOWN} (WCAG 2.2.1).",
                f"set it to {MINIMUM_COUNTDOWN} or more.",
            )
        )
    return found


def check(pelican):
    if in_this_build(pelican.settings, __package__):
        report(setting_problems(pelican.settings))


def register():
    signals.get_generators.connect(check)
