"""Install the system programs the tests use as independent oracles, when they are missing.

GNU gettext's ``msgfmt``, ``msgcat``, ``msgmerge`` and ``msginit`` check catalogs; Debian's
Chromium shows pages as a reader sees them. On a fresh Debian or Ubuntu machine run as root
(CI), they are installed with apt-get; elsewhere the tests stop with a message saying what to
install.
"""

from __future__ import annotations

import os
import shutil
import subprocess

#: program -> Debian package that provides it
PROGRAMS = {
    "msgfmt": "gettext",
    "msgcat": "gettext",
    "msgmerge": "gettext",
    "msginit": "gettext",
    "git": "git",
}
#: The browser for the tests of what a reader sees, driven by Playwright.
BROWSER = {"chromium": "chromium"}
#: Java, for the Nu HTML validator.
JAVA = {"java": "default-jre-headless"}


def missing_packages(programs: dict[str, str]) -> list[str]:
    return sorted(
        {package for program, package in programs.items() if shutil.which(program) is None}
    )


def ensure_programs(programs: dict[str, str] = PROGRAMS) -> None:
    """Install missing programs with apt-get when possible; raise RuntimeError otherwise."""
    packages = missing_packages(programs)
    if not packages:
        return
    can_install = (
        shutil.which("apt-get") is not None and hasattr(os, "geteuid") and os.geteuid() == 0
    )
    if not can_install:
        raise RuntimeError(
            "the tests need these system packages: "
            + " ".join(packages)
            + " (e.g. 'sudo apt-get install "
            + " ".join(packages)
            + "')"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    still = missing_packages(programs)
    if still:
        raise RuntimeError("could not install: " + " ".join(still))


#: What reading any file takes from an administrator: the capabilities that override
#: permissions (root reads a folder ``chmod 0`` made unreadable to everyone else).
_OVERRIDES = "-dac_override,-dac_read_search"


def as_unprivileged() -> list[str]:
    """The start of a command line running a program without the power to read what
    permissions refuse: nothing for a user without it; for root (CI), util-linux's
    ``setpriv`` dropping those capabilities. RuntimeError if root cannot drop them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    prefix = [setpriv or "setpriv", f"--inh-caps={_OVERRIDES}", f"--bounding-set={_OVERRIDES}"]
    if setpriv is None or subprocess.run([*prefix, "true"], check=False).returncode != 0:
        raise RuntimeError("running as root without setpriv (util-linux) to drop its overrides")
    return prefix
