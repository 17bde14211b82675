"""Wires the ``{phone}`` placeholder (placeholder.py) into the build.

- on start: adds the Markdown extension; every build checks APPOINTMENT_PHONE;
- templates get ``phone_html(number)``, the same markup as in the text;
- on each page's model: reports misuse (check phase), fills the slots
  (rewrite phase). See plugins/procedure_site/page_model.
"""

from markupsafe import Markup
from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build

from .phone import costly, parse, usable
from .placeholder import SLOT, PhonePlaceholder, fill_slots, phone_html, problems




def setting_problems(settings) -> list:
    """What is wrong with APPOINTMENT_PHONE, as data."""
    if parse(settings["APPOINTMENT_PHONE"], settings["PHONE_REGION"]) is None:
        return [
            problem(
                "pelicanconf.py",
                f"APPOINTMENT_PHONE = {settings['APPOINTMENT_PHONE']!r} is not a valid phone number.",
                "write the full number with its area code, like 202-555-0100.",
            )
        ]
    if costly(settings["APPOINTMENT_PHONE"], settings["PHONE_REGION"]):
        return [
            problem(
                "pelicanconf.py",
                f"APPOINTMENT_PHONE = {settings['APPOINTMENT_PHONE']!r} is "
                f"{costly(settings['APPOINTMENT_PHONE'], settings['PHONE_REGION'])}.",
                "write a number patients can call at the ordinary price.",
            )
        ]
    return []


def with_extension(markdown_settings: dict, placeholder: str) -> dict:
    """The MARKDOWN setting with the placeholder extension added once.

    A new dict, so the settings module's own dict is never changed."""
    extensions = [e for e in markdown_settings.get("extensions", []) if not isinstance(e, PhonePlaceholder)]
    return {**markdown_settings, "extensions": [*extensions, PhonePlaceholder(placeholder=placeholder)]}


def start(pelican):
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    settings["MARKDOWN"] = with_extension(settings["MARKDOWN"], settings["PHONE_PLACEHOLDER"])


def check_each_build(pelican):
    """Every build, so a devserver keeps saying so until the setting is fixed."""
    if not in_this_build(pelican, __package__):
        return
    report(setting_problems(pelican.settings))


def add_template_function(generator):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings
    region, links = settings["PHONE_REGION"], settings["PHONE_LINKS"]

    def render(number):
        return Markup(phone_html(number, region, links))

    generator.env.globals["phone_html"] = render


def page_problems(content, model) -> list:
    """The page's phone problems, as data (page_model/pipeline.py reports them)."""
    return [problem(content.source_path, message, fix, line=line, find=needle) for message, fix, needle, line in problems(model, content)]


def fill(content, model):
    """The rewrite: each {phone} slot of the page's tree filled with the number."""
    settings = content.settings
    if usable(settings["APPOINTMENT_PHONE"], settings["PHONE_REGION"]) is not None:
        fill_slots(model, content)
    else:
        for text_node, _name in model.slots():
            text_node.data = text_node.data.replace(SLOT, "")  # the bad setting is reported at start


def register():
    signals.initialized.connect(start)
    signals.get_generators.connect(check_each_build)
    signals.generator_init.connect(add_template_function)
