"""What a fresh `make html` installs: nothing is compiled on Linux.

PyICU (the A–Z lists' sorting in each language, the look-alike check) has no
wheels, so every fresh install compiled it (1:45 here) and needed a C++
toolchain and ICU's headers. On Linux and Windows requirements.txt takes
pyicu-wheels instead, the same `icu` module with ICU inside; the build's
output is byte-identical (compared in all three flavours when it changed).
"""

import subprocess
import sys
from importlib import metadata

import icu

from conftest import ROOT


def test_icu_comes_from_a_wheel_with_its_own_icu_on_linux():
    assert sys.platform == "linux"
    assert metadata.version("pyicu-wheels") == "2.15.2"
    try:
        metadata.version("pyicu")
    except metadata.PackageNotFoundError:
        pass
    else:
        raise AssertionError("PyICU compiled from source is installed beside pyicu-wheels: both write icu/")
    collator = icu.Collator.createInstance(icu.Locale("es"))
    assert sorted(["ñu", "nube", "oso", "Ángel"], key=collator.getSortKey) == ["Ángel", "nube", "ñu", "oso"]


def test_no_compiler_or_icu_headers_are_needed_on_linux():
    """With no pkg-config, compiler or apt-get to be found, the check of what
    PyICU is built with has nothing to ask for on Linux."""
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts" / "ensure-build-deps"), sys.executable],
        env={"PATH": "/nonexistent"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
