"""Build hook: compile the web app's assets from the npm registry into the package.

Runs on every wheel build (editable installs included), so ``pip install .`` on a fresh clone,
and any wheel built from it, carries the NHS.UK styles and chart scripts, and nothing built or
third-party is ever committed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUILT = "qijourney/web/static/build"


class FrontendBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        frontend = root / "frontend"
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(
                "npm is needed to build qijourney's web assets (Node.js 18 or newer); "
                "install Node.js and try again"
            )
        install = "ci" if (frontend / "package-lock.json").exists() else "install"
        quiet = ["--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run([npm, install, *quiet], cwd=frontend, check=True)
        subprocess.run([npm, "run", "--silent", "build"], cwd=frontend, check=True)
        build_data["artifacts"].append(f"{BUILT}/**")
