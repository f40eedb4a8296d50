"""Lint every *.template.json under the given cloud assembly directories with cfn-lint.

Run through run.sh (which provides the pinned cfn-lint in a venv). Fails (exit 1) on any
error, and on any warning not allowed by the config file (see .cfnlintrc.yaml), or allowed
but outside its `resources:` scope. Exit 2 on a usage or configuration problem.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml  # a dependency of cfn-lint

UNKNOWN_REGION = "unknown-region"


@dataclass
class Allowance:
    rule: str
    reason: str
    resources: re.Pattern | None
    seen: Counter = field(default_factory=Counter)


def parse_allowances(config_path: str) -> tuple[dict, dict[str, Allowance]]:
    """The config, and the allowed warning rules with the reason and scope in the comment block above each."""
    with open(config_path, encoding="utf-8") as f:
        text = f.read()
    config = yaml.safe_load(text) or {}
    allowances: dict[str, Allowance] = {}
    in_list = False
    block: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if re.match(r"^ignore_checks\s*:", line):
            in_list, block = True, []
            continue
        if in_list and line and not line[0].isspace() and not stripped.startswith("#"):
            in_list = False
        if not in_list:
            continue
        if stripped.startswith("#"):
            block.append(stripped.lstrip("#").strip())
            continue
        item = re.match(r"^-\s*([A-Za-z0-9]+)", stripped)
        if item:
            rule = item.group(1)
            joined = "\n".join(block)
            reason = re.search(r"^reason:\s*(.+?)(?=^\w+:|\Z)", joined, re.S | re.M)
            scope = re.search(r"^resources:\s*(\S+)", joined, re.M)
            if not rule.startswith("W"):
                sys.exit(f"{config_path}: ignore_checks may list warnings (W...) only, not {rule}: errors always fail.")
            if not reason or not reason.group(1).strip():
                sys.exit(f"{config_path}: ignore_checks entry {rule} has no 'reason:' in the comment block above it.")
            allowances[rule] = Allowance(rule, " ".join(reason.group(1).split()), re.compile(scope.group(1)) if scope else None)
            block = []
    listed = set(config.get("ignore_checks") or [])
    if listed != set(allowances):
        sys.exit(f"{config_path}: could not read a reason for every ignore_checks entry ({sorted(listed ^ set(allowances))}).")
    return config, allowances


def find_templates(directory: str, default_regions: list[str]) -> dict[str, list[str]]:
    """Template path -> regions to lint it in (its stack's region, or the default regions)."""
    regions: dict[str, list[str]] = {}
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith("asset.")]
        if "manifest.json" in files:
            with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
                manifest = json.load(f)
            for artifact in manifest.get("artifacts", {}).values():
                if artifact.get("type") != "aws:cloudformation:stack":
                    continue
                template = os.path.join(root, artifact["properties"]["templateFile"])
                region = artifact.get("environment", "").rsplit("/", 1)[-1]
                regions[os.path.normpath(template)] = default_regions if region in ("", UNKNOWN_REGION) else [region]
        for name in files:
            if name.endswith(".template.json"):
                regions.setdefault(os.path.normpath(os.path.join(root, name)), default_regions)
    return regions


def run_cfn_lint(cfn_lint: str, config: dict, templates: list[str], regions: list[str]) -> list[dict]:
    # The config without ignore_checks: allowed warnings are reported, then judged here.
    rest = {k: v for k, v in config.items() if k not in ("ignore_checks", "regions", "templates")}
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump(rest, f)
        tmp = f.name
    try:
        proc = subprocess.run(
            [cfn_lint, "--config-file", tmp, "--format", "json", "--non-zero-exit-code", "none", "--regions", *regions, "--", *templates],
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(tmp)
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.stderr.write(proc.stderr)
        sys.exit(f"cfn-lint failed to run (exit {proc.returncode})")
    return json.loads(proc.stdout)


def logical_id(match: dict) -> str:
    path = match.get("Location", {}).get("Path") or []
    return str(path[1]) if len(path) > 1 and path[0] == "Resources" else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--cfn-lint", default="cfn-lint")
    parser.add_argument("--show-informational", action="store_true", help="also list informational (I) matches")
    parser.add_argument("directories", nargs="+")
    args = parser.parse_args()

    config, allowances = parse_allowances(args.config)
    default_regions = config.get("regions") or ["us-east-1"]
    templates: dict[str, list[str]] = {}
    for d in args.directories:
        if not os.path.isdir(d):
            sys.exit(f"{d}: no such directory (synthesize it first)")
        found = find_templates(d, default_regions)
        if not found:
            sys.exit(f"{d}: no *.template.json")
        templates.update(found)

    by_regions: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for template, regions in sorted(templates.items()):
        by_regions[tuple(regions)].append(template)

    failures: list[str] = []
    informational: list[str] = []
    for regions, group in sorted(by_regions.items()):
        print(f"cfn-lint {' '.join(regions)}: {len(group)} template(s)")
        for m in run_cfn_lint(args.cfn_lint, config, group, list(regions)):
            rule = m["Rule"]["Id"]
            line = f"{os.path.relpath(m['Filename'])}:{m['Location']['Start']['LineNumber']}: {rule} [{logical_id(m) or '-'}] {m['Message']}"
            if m["Level"] == "Informational":
                informational.append(line)
            elif m["Level"] == "Warning" and rule in allowances:
                allowance = allowances[rule]
                if allowance.resources and not allowance.resources.search(logical_id(m)):
                    failures.append(f"{line}  (allowed warning outside its scope {allowance.resources.pattern})")
                else:
                    allowance.seen[os.path.relpath(m["Filename"])] += 1
            else:
                failures.append(line)

    for allowance in allowances.values():
        total = sum(allowance.seen.values())
        print(f"allowed {allowance.rule}: {total} in {len(allowance.seen)} template(s). Reason: {allowance.reason}")
    if args.show_informational:
        print("\n".join(f"info: {i}" for i in informational))
    elif informational:
        print(f"{len(informational)} informational match(es) (not gating; --show-informational lists them)")
    if failures:
        print(f"\n{len(failures)} cfn-lint problem(s):")
        print("\n".join(failures))
        return 1
    print(f"cfn-lint: {len(templates)} template(s) passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
