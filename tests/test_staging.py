"""The output directory is replaced whole, and only on success."""

import pytest

from sitebuild.staging import staged_directory


def test_success_replaces_the_old_output(tmp_path):
    final = tmp_path / "output"
    final.mkdir()
    (final / "old.html").write_text("old")
    with staged_directory(final) as staging:
        (tmp_path / staging / "new.html").write_text("new")
    assert sorted(p.name for p in final.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failure_keeps_the_old_output_and_cleans_up(tmp_path):
    final = tmp_path / "output"
    final.mkdir()
    (final / "old.html").write_text("old")
    with pytest.raises(RuntimeError):
        with staged_directory(final) as staging:
            (tmp_path / staging / "half.html").write_text("half")
            raise RuntimeError("build broke")
    assert sorted(p.name for p in final.iterdir()) == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
