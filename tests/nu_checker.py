"""The W3C Nu HTML checker (vnu.jar, from node_modules), run the one way
every test that checks HTML or CSS runs it.

The JVM is started with its quick compiler only (``-XX:TieredStopAtLevel=1``)
and the serial collector: a check of a few dozen files is over before the
optimising compiler would pay for itself, and its threads took half the
CPU of a run (measured on 5 pages and the stylesheet while the other test
worker was busy: 5.4 s of CPU and 15.7 s of wall time by default, 2.4 s and
9.8 s so). The quick compiler's frames are larger: the schema checks
overflow a 1 MB thread stack (the checker asks for at least 512 KB with
its default compiler), hence ``-Xss4m``."""

import json
import shutil
import subprocess

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m"]


def nu_messages(paths, css=False):
    """The checker's messages on ``paths`` (one run), with ``css`` the
    stylesheets among them checked too; each message a dict as its JSON
    output has it, with ``url`` naming the file."""
    java = shutil.which("java")
    assert VNU.is_file() and java, "the Nu checker needs vnu.jar and Java: run 'make test', which installs them"
    paths = [str(path) for path in paths]
    assert paths, "nothing to check"
    command = [java, *JVM_OPTIONS, "-jar", str(VNU), "--format", "json", *(["--also-check-css"] if css else []), *paths]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return json.loads(result.stderr or result.stdout)["messages"], result.returncode


def nu_errors(paths, css=False):
    """Each error the checker finds in ``paths``, as "file:line: message"."""
    messages, returncode = nu_messages(paths, css=css)
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert errors or returncode == 0, f"the checker failed without an error message (exit {returncode})"
    return errors
