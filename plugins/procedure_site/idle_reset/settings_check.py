"""Checks the kiosk's idle-reset settings before anything is built.

WCAG 2.2.1 (Timing Adjustable) asks that a patient be warned before a time
limit and given at least 20 seconds to extend it.
"""

from blinker import signal
from pelican import signals

from sitebuild.plugin_guard import in_this_build

content_problem = signal("content_problem")
MINIMUM_COUNTDOWN = 20


def check(pelican):
    settings = pelican.settings
    if not in_this_build(settings, __package__):
        return
    idle, countdown = settings.get("KIOSK_IDLE_SECONDS"), settings.get("KIOSK_COUNTDOWN_SECONDS")
    if not isinstance(idle, (int, float)) or idle <= 0:
        content_problem.send(
            "kioskconf.py",
            message=f"KIOSK_IDLE_SECONDS = {idle!r} must be a number of seconds above 0.",
            fix="set it to how long the kiosk waits without a touch, e.g. 120.",
        )
    if not isinstance(countdown, (int, float)) or countdown < MINIMUM_COUNTDOWN:
        content_problem.send(
            "kioskconf.py",
            message=f"KIOSK_COUNTDOWN_SECONDS = {countdown!r} gives a patient too "
            f"little time; it must be at least {MINIMUM_COUNTDOWN} (WCAG 2.2.1).",
            fix=f"set it to {MINIMUM_COUNTDOWN} or more.",
        )


def register():
    signals.get_generators.connect(check)
