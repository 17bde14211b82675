"""Measures the reading level of each procedure page and each of its sections.

Once the page's procedure is known (page_model/pipeline.py, before any
rewrite, so the phone number is not yet in the text) the page gets ``page.reading``: the page's Scores and each
section's, by id (measure.py). A page or section above READING_GRADE_TARGET
is never refused, since the approved wording is the hospital's; the build
prints one warning line for the page naming the sections above the target
(a notice), and the content report shows them.
"""

from dataclasses import dataclass, field

from procedure_site.build_report.report import problem

from .measure import Scores, scores


@dataclass
class Reading:
    page: Scores
    sections: dict = field(default_factory=dict)  # section id -> Scores
    target: float = 8

    @property
    def above_target(self) -> dict:
        return {key: value for key, value in self.sections.items() if value.grade > self.target}


def page_reading(content, procedure) -> tuple:
    """(the page's Reading, its notices as data): page_model/pipeline.py
    keeps the one on the page (``page.reading``) and reports the other."""
    target = content.settings["READING_GRADE_TARGET"]
    parts = [procedure.lead, *procedure.sections]
    texts = {part.id: part.prose for part in parts}
    reading = Reading(scores(" ".join(texts.values())), {key: scores(text) for key, text in texts.items()}, target)
    notices = []
    if reading.page.grade > target or reading.above_target:
        hard = ", ".join(f"{key} {value.grade:.1f}" for key, value in reading.above_target.items())
        notices.append(
            problem(
                content.source_path,
                f"reading grade {reading.page.grade:.1f} is above the target of {target}"
                + (f"; sections above it: {hard}." if hard else "."),
            )
        )
    return reading, notices


def register():
    """Nothing to connect: page_model/pipeline.py calls page_reading."""
