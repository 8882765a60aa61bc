"""What the site is built with is pinned, and stays so (issue 26, issue 20 item 13): installs come
from hash-locked files that match the pinned lists, the workflow's container image is pinned by
digest and every action by commit, and Dependabot proposes updates for all three kinds weekly."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
IMAGE = re.compile(r"^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$")


def lock_check(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(cwd / "scripts" / "lock-check"), *args], cwd=cwd,
                          capture_output=True, text=True)


def test_the_locks_match_the_pinned_lists():
    run = lock_check()
    assert run.returncode == 0, run.stderr


def test_every_locked_package_has_hashes_for_more_than_this_machine():
    """pip-compile --generate-hashes records every file of each version (sdist and wheels)."""
    for name in ("requirements-lock.txt", "requirements-test-lock.txt"):
        text = (ROOT / name).read_text(encoding="utf-8")
        entries = re.findall(r"^([A-Za-z0-9._-]+)==\S+ \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M)
        pins = re.findall(r"^[A-Za-z0-9._-]+==", text, re.M)
        assert len(entries) == len(pins) > 40, name
        several = [n for n, hashes in entries if hashes.count("--hash=") > 1]
        assert len(several) > len(entries) * 0.8, name
        assert "--index-url" not in text and "--find-links" not in text and "file://" not in text, name


def test_lock_check_names_a_pin_the_lock_does_not_hold(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "lock-check", tmp_path / "scripts" / "lock-check")
    for name in ("requirements.txt", "requirements-test.txt", "requirements-lock.txt", "requirements-test-lock.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    assert lock_check(cwd=tmp_path).returncode == 0
    listing = tmp_path / "requirements.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("pyyaml==", "pyyaml==0.0.1\n# was pyyaml==")
                       + "defusedxml==0.7.1\n", encoding="utf-8")
    run = lock_check(cwd=tmp_path)
    assert run.returncode == 1
    assert "requirements.txt pins defusedxml==0.7.1, which requirements-lock.txt does not hold: run scripts/lock" in run.stderr
    assert "requirements.txt pins pyyaml==0.0.1, requirements-lock.txt holds pyyaml==" in run.stderr
    assert "requirements-test.txt pins defusedxml==0.7.1" in run.stderr  # (through -r requirements.txt)
    lock = tmp_path / "requirements-lock.txt"
    lock.write_text(re.sub(r"(?m)^(mergedeep==\S+) \\\n(    --hash=\S+ \\?\n)+", r"\1\n", lock.read_text(encoding="utf-8")),
                    encoding="utf-8")
    assert "requirements-lock.txt: mergedeep==1.3.4 has no hash: run scripts/lock" in lock_check(cwd=tmp_path).stderr


def test_setup_installs_only_from_the_locks_with_hashes():
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    install = [line for line in setup.splitlines() if "pip install" in line]
    assert install and all("--require-hashes" in line and '-r "$lock"' in line for line in install), install
    assert 'lock="${want%.txt}-lock.txt"' in setup and "scripts/lock-check" in setup
    lock = (ROOT / "scripts" / "lock").read_text(encoding="utf-8")
    assert "--generate-hashes" in lock and "PIP_CONFIG_FILE=/dev/null" in lock
    tool = (ROOT / "scripts" / "lock-tool.txt").read_text(encoding="utf-8")
    assert re.search(r"^pip-tools==\S+ \\\n    --hash=sha256:", tool, re.M)


def test_the_readme_says_how_to_regenerate_the_locks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/lock" in readme and "--require-hashes" in readme


def test_container_images_are_pinned_by_digest():
    images = []
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items():
            container = job.get("container")
            if container:
                image = container if isinstance(container, str) else container["image"]
                images.append(image)
                assert IMAGE.match(image), f"{path.name} job {name}: image {image!r} is not pinned by digest (name@sha256:<64 hex>)"
    assert images, "the jobs run in a container"


def test_the_digest_pattern_refuses_tags_and_short_digests():
    assert IMAGE.match("python:3.11-bookworm@sha256:" + "ab" * 32)
    for bad in ("python:3.11-bookworm", "python@sha256:abc", "python:3.11@sha256:" + "AB" * 32,
                "python:latest@sha1:" + "a" * 40):
        assert not IMAGE.match(bad), bad


def test_dependabot_proposes_python_npm_and_action_updates_weekly():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for ecosystem, update in updates.items():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly", ecosystem
    # the engine's major versions are a decision, not a weekly update (see the README)
    ignored = {i["dependency-name"] for i in updates["pip"].get("ignore", [])}
    assert {"mkdocs", "mkdocs-material"} <= ignored
