"""The catalog every read-only test reads: made once per run, built once per
flavour (html, publish, kiosk) by the session fixtures in conftest.py.

What a hospital's catalog holds, in a temporary folder (never in content/):
- the real content/ (the approved Vertebroplasty page);
- the Spanish test translation (tests/fixtures/), where with_translations puts it;
- realistic decoys that share Vertebroplasty's words (a knee replacement fixed
  with bone cement, a lumbar puncture in the spine, a bone density scan about
  fractures and osteoporosis, with Keywords: words found nowhere in its text);
- 14 everyday procedures in other departments, two of them translated;
- a hidden page and a draft, both about the spine;
- procedure codes (CODES): Vertebroplasty's own (content/), which its Spanish
  translation inherits; one code shared by two pages; a translated page whose
  translation lists the same codes; every code system.

A test that needs other content (a broken page, a page in every language
the A–Z list sorts, 320 pages) makes its own content and build.
"""

import shutil
from pathlib import Path

from conftest import ROOT, source_metadata, with_translations

PHONE_SECTION = "## Make an Appointment\n\nFor an appointment with a specialist, call\n\n{phone}\n"


# What every real page says in each section besides its own facts: the decoys
# are about as long as the approved pages, as a real catalog's would be.
COMMON = (
    "Your doctor will talk with you about other treatments, and about why this one is recommended for you.",
    "The care team checks your breathing, heart rate and blood pressure throughout. Most patients go home "
    "the same day, and a nurse explains what to expect at each step.",
    "As with any medical procedure, there are potential complications. Your care team will explain them and "
    "answer your questions before you agree to the procedure.",
    "Prior to the scheduled procedure, patients will talk with their care team about any other medical "
    "conditions and all medications they are taking. Some therapies, such as blood thinners, may need to be "
    "paused ahead of the procedure. Someone will need to drive you home.",
    "Patients should resume normal activities slowly and can treat any pain with pain relief medication. "
    "The care team will discuss a follow-up appointment with you before you leave.",
)


def procedure(title, department, summary, lead, sections, extra=()):
    """A procedure page in the shape the build requires: every section, in order."""
    headings = (
        f"Why {title} is Performed",
        f"What to Expect During {title}",
        f"Risks and Benefits of {title}",
        f"How to Prepare for {title}",
        f"Post {title}",
    )
    head = [f"Title: {title}", f"Summary: {summary}", f"Department: {department}", "Reviewed: 2026-11-25", *extra]
    body = [lead] + [f"## {heading}\n\n{text}\n\n{common}" for heading, text, common in zip(headings, sections, COMMON)]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n\n" + PHONE_SECTION


DECOYS = {
    "knee-replacement.md": procedure(
        "Knee Replacement",
        "Orthopedics",
        "A knee replacement puts a new joint in place of a knee worn out by arthritis.",
        "In a knee replacement, the surgeon removes the worn ends of the thigh bone and the shin bone. "
        "A new metal and plastic joint is fixed to the bone with bone cement.",
        [
            "Arthritis can wear away the smooth surface of the knee, so bone rubs on bone and walking hurts.",
            "You sleep during the operation. The surgeon shapes the bone and fixes each part of the new joint "
            "with bone cement. The bone cement sets hard in a few minutes.",
            "Risks include infection, blood clots and a loose joint. Bone cement can rarely cause a reaction.",
            "Stop eating at midnight. Bring a list of your medicines and someone to drive you home.",
            "A physical therapist helps you walk on the first day. The new knee lasts many years.",
        ],
    ),
    "lumbar-puncture.md": procedure(
        "Lumbar Puncture",
        "Neurology",
        "A lumbar puncture takes a little spinal fluid from the lower back to look for infection or bleeding.",
        "A lumbar puncture, also called a spinal tap, takes a small amount of the fluid around the spinal cord. "
        "The doctor puts a thin needle between two bones of the spine in your lower back.",
        [
            "Testing the spinal fluid can show meningitis, bleeding near the brain or other nerve problems.",
            "You lie on your side with your knees pulled up so the spine curves. The skin is numbed and the "
            "spinal needle goes in below the end of the spinal cord.",
            "A headache is common afterwards. Rarely there is bleeding or infection where the needle went in.",
            "Tell your care team if you take blood thinners. You can eat and drink as usual.",
            "Lie flat for an hour and drink plenty of fluid. Call us if a headache lasts more than a day.",
        ],
    ),
    "bone-density-scan.md": procedure(
        "Bone Density Scan",
        "Radiology",
        "A bone density scan measures how strong your bones are and your risk of a fracture.",
        "A bone density scan uses a very small amount of x-ray to measure how much mineral is in your bones, "
        "usually at the hip and the spine. It shows whether you have osteoporosis and your fracture risk.",
        [
            "Thin bones break easily. The scan finds osteoporosis before a broken bone happens. "
            "A T-score of < -2.5 means osteoporosis.",
            "You lie still on a padded table while the arm of the scanner passes over your hip and spine.",
            "The scan is quick and painless and uses much less radiation than a chest x-ray.",
            "Do not take calcium tablets on the day of the scan. Wear clothes without metal.",
            "Your doctor explains the result and how to lower your fracture risk.",
        ],
        # Search words that appear nowhere in the page's text.
        extra=("Keywords: DEXA, DXA",),
    ),
    "hidden-procedure.md": procedure(
        "Spine Hidden Procedure",
        "Radiology",
        "A hidden page about the spine, for the tests.",
        "This page is about the spine and the vertebra, and is hidden.",
        ["Spine.", "Spine.", "Spine.", "Spine.", "Spine."],
        extra=("Status: hidden",),
    ),
    "draft-procedure.md": procedure(
        "Spine Draft Procedure",
        "Radiology",
        "A draft about the spine, for the tests.",
        "This page is about the spine and the vertebra, and is a draft.",
        ["Spine.", "Spine.", "Spine.", "Spine.", "Spine."],
        extra=("Status: draft",),
    ),
}
PUBLISHED_EN = {"vertebroplasty", "knee-replacement", "lumbar-puncture", "bone-density-scan"}

# --- Everyday pages ---------------------------------------------------------------------
# Everyday procedures in other departments (two of them translated). Built
# with SEARCH_SHARD_PAGES=2 (test_search_web.py), 18 English pages make 16
# shards, 3 Spanish ones 2. Each page's shard is a hash of its address; these
# slugs were chosen so that:
# - shard 0 has pages of both languages, and shard-1 Spanish pages only;
# - Vertebroplasty, the knee replacement, the lumbar puncture and the bone
#   density scan are each in a shard of their own (not shard 0), with one
#   everyday page beside them. Pagefind scores a page against its own shard's
#   page count and average page length; in a real catalog each shard is a
#   random sample of a hundred pages or more, so these are alike from shard
#   to shard. Here a page alone in its shard would be scored against itself
#   only (a word in every page of a shard counts for less), so each shard
#   these pages share is made alike instead.
# The tests read the layout from the built files rather than trusting this.
SHARD_PAGES = 2
FILLERS = {
    # slug: (title, department, Spanish title and department, or None)
    "cardiac-catheterization": ("Cardiac Catheterization", "Cardiology", ("Cateterismo cardíaco", "Cardiología")),
    "colonoscopy": ("Colonoscopy", "Gastroenterology", ("Colonoscopia", "Gastroenterología")),
    "ear-tube-placement": ("Ear Tube Placement", "Otolaryngology", None),
    "varicose-vein-treatment": ("Varicose Vein Treatment", "Vascular Surgery", None),
    "blood-draw": ("Blood Draw", "Laboratory", None),
    "hearing-test": ("Hearing Test", "Otolaryngology", None),
    "mole-removal": ("Mole Removal", "Dermatology", None),
    "blood-transfusion": ("Blood Transfusion", "Hematology", None),
    "flu-shot": ("Flu Shot", "Primary Care", None),
    "spirometry": ("Spirometry", "Pulmonology", None),
    "gallbladder-removal": ("Gallbladder Removal", "General Surgery", None),
    "tonsillectomy": ("Tonsillectomy", "Otolaryngology", None),
    "allergy-skin-test": ("Allergy Skin Test", "Allergy", None),
    "skin-biopsy": ("Skin Biopsy", "Dermatology", None),
}
SPANISH_SECTIONS = ("Por qué se realiza", "Qué esperar durante el procedimiento", "Riesgos y beneficios",
                    "Cómo prepararse", "Después del procedimiento")  # fmt: skip


def filler(title, department):
    """An everyday procedure that shares none of the search tests' words but "routine"."""
    name = title.lower()
    return procedure(
        title,
        department,
        f"{title} is a routine procedure; this page says what to expect.",
        f"{title} is a routine procedure at this hospital. The care team explains each step before it starts.",
        [
            f"Your doctor may recommend a {name} to find or treat the cause of your symptoms.",
            f"A nurse checks your details first. The {name} itself takes less than an hour.",
            "Problems are rare. The care team will tell you what to watch for.",
            "Bring a list of your medicines. Ask us whether you need to stop eating first.",
            "Most people go home the same day and soon return to their usual activities.",
        ],
    )


def spanish_filler(slug, title, department):
    head = [f"Title: {title}", f"Slug: {slug}", "Lang: es", f"Summary: {title} es un procedimiento habitual.",
            f"Department: {department}", "Reviewed: 2026-11-25"]  # fmt: skip
    lead = f"{title} es un procedimiento habitual en este hospital. El equipo de atención explica cada paso."
    body = [lead] + [f"## {heading}\n\n{title}: el equipo de atención le explica esta parte del procedimiento."
                     for heading in SPANISH_SECTIONS]
    phone = "## Pida una cita\n\nPara pedir una cita con un especialista, llame al\n\n{phone}\n"
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n\n" + phone


CATALOG_EN = PUBLISHED_EN | set(FILLERS)  # every published English page
CATALOG_ES = {"vertebroplasty"} | {slug for slug, (_t, _d, spanish) in FILLERS.items() if spanish}
HIDDEN, DRAFT = "hidden-procedure", "draft-procedure"
# Pages made here, not in content/ or tests/fixtures/: the real pages are the
# others, which the browser gates visit (real_pages in conftest.py).
GENERATED = (CATALOG_EN - {"vertebroplasty"}) | {HIDDEN, DRAFT}


# Codes: lines of generated pages (and their translations). SNOMED 387713003
# (surgical procedure) is shared: its lookup lists two pages. The Spanish
# colonoscopy lists its original's codes; the Spanish Vertebroplasty (the
# fixture) lists none and inherits content/'s CPT 22510, 22511, 22512.
CODES = {
    "knee-replacement": "Codes: CPT 27447, ICD-10-PCS 0SRC0J9, SNOMED 387713003",
    "lumbar-puncture": "Codes: CPT 62270, SNOMED 387713003",
    "colonoscopy": "Codes: CPT 45378, HCPCS G0121",
    "blood-draw": "Codes: CPT 36415, LOINC 718-7",
}
SHARED_CODE = ("snomed", "387713003")


def with_codes(text, slug):
    """``text`` with the slug's Codes: line after its title, if it has one."""
    if slug not in CODES:
        return text
    title, rest = text.split("\n", 1)
    return f"{title}\n{CODES[slug]}\n{rest}"


def make_catalog(content):
    """The catalog's content folder at ``content``; returns it."""
    shutil.copytree(ROOT / "content", content)
    with_translations(content)
    for name, text in DECOYS.items():
        (content / "procedures" / name).write_text(with_codes(text, name[: -len(".md")]), encoding="utf-8")
    for slug, (title, department, spanish) in FILLERS.items():
        text = with_codes(filler(title, department), slug)
        (content / "procedures" / f"{slug}.md").write_text(text, encoding="utf-8")
        if spanish:
            text = with_codes(spanish_filler(slug, *spanish), slug)
            (content / "procedures" / "es" / f"{slug}.es.md").write_text(text, encoding="utf-8")
    return content


def published_sources(content, lang="en"):
    """The source of every page of ``lang`` the A–Z list shows, in that
    language's folder: not hidden, not a draft."""
    folder = Path(content) / "procedures" / ("" if lang == "en" else lang)
    sources = []
    for path in sorted(folder.glob("*.md")):
        metadata = source_metadata(path)
        if metadata.get("status", "published") == "published" and metadata.get("lang", "en") == lang:
            sources.append(path)
    return sources
