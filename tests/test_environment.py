"""The install files agree with each other (pyproject, environment.yml, requirements.lock)."""

from __future__ import annotations

import re
import tomllib

from analysis import config

ROOT = config.PROJECT_ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = list(data["project"]["dependencies"]) + list(data["project"]["optional-dependencies"]["test"])
    pins = {}
    for d in deps:
        name, _, version = d.partition("==")
        assert version, f"{d} is not pinned with =="
        pins[_norm(name)] = version
    return pins


def _environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s+-\s+([A-Za-z0-9_.-]+)\s*(==|=)\s*([^\s#]+)", line)
        if m and _norm(m.group(1)) != "python":
            pins[_norm(m.group(1))] = m.group(3)
    return pins


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject():
    assert _environment_pins() == _pyproject_pins()


def test_lock_file_pins_every_direct_dependency_at_the_same_version():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            lock[_norm(name)] = version.strip()
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_python_version_is_311():
    import sys

    assert sys.version_info[:2] == (3, 11)
