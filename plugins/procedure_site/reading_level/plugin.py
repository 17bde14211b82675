"""Measures the reading level of each procedure page and each of its sections.

On ``procedure_model.ready`` (before any rewrite, so the phone number is not
yet in the text) the page gets ``page.reading``: the page's Scores and each
section's, by id (measure.py). A page or section above READING_GRADE_TARGET
is never refused, since the approved wording is the hospital's; the build
prints one warning line for the page naming the sections above the target
(``content_notice``), and the content report shows them.
"""

from dataclasses import dataclass, field

import blinker

from sitebuild.plugin_guard import in_this_build
from .measure import Scores, scores

content_notice = blinker.signal("content_notice")


@dataclass
class Reading:
    page: Scores
    sections: dict = field(default_factory=dict)  # section id -> Scores
    target: float = 8

    @property
    def above_target(self) -> dict:
        return {key: value for key, value in self.sections.items() if value.grade > self.target}


def measure_procedure(content, procedure, model=None):
    if not in_this_build(content, __package__):
        return
    target = content.settings["READING_GRADE_TARGET"]
    parts = [procedure.lead, *procedure.sections]
    texts = {part.id: part.prose for part in parts}
    reading = Reading(scores(" ".join(texts.values())), {key: scores(text) for key, text in texts.items()}, target)
    content.reading = reading
    if reading.page.grade > target or reading.above_target:
        hard = ", ".join(f"{key} {value.grade:.1f}" for key, value in reading.above_target.items())
        content_notice.send(
            content.source_path,
            message=f"reading grade {reading.page.grade:.1f} is above the target of {target}"
            + (f"; sections above it: {hard}." if hard else "."),
        )


def register():
    blinker.signal("procedure_model.ready").connect(measure_procedure)
