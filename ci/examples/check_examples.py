#!/usr/bin/env python3
"""Checks the CI examples against this checkout, so that they cannot rot unnoticed.

GitHub and GitLab cannot run here, so this does the next best thing:
- parses github-actions.yml and gitlab-ci.yml (PyYAML) and checks the structure the README
  describes (container image, service named `api`, steps and their `if: always()`, shards,
  JUnit report paths, needs/when of the merge job, artefact paths);
- checks that the commands README.md quotes are the ones in the files;
- runs every shell command of the steps, as written, with three substitutions:
  the service container `api` becomes a bundled wsconf-server started here
  (`ws://api:PORT/` -> its URL), `/opt/wsconf/build/default/bin/wsconf` becomes the wsconf
  built by this build, and any other `/opt/wsconf` the source checkout. The lines that fetch
  and build wsconf (apt-get, git clone, ci/setup-deps.sh, ci/build.sh: they install packages
  and build, which ci/test.sh does on its own) are not run; the scripts they name must exist.
  Every other line is run with bash -e in a scratch folder, GitHub's steps in order with
  GITHUB_STEP_SUMMARY set, GitLab's `wsconf` job once per shard (CI_NODE_INDEX 1..N of
  CI_NODE_TOTAL N, N its `parallel`) and then its `wsconf-report` job;
- expects what the README promises: against the fault-free server every step succeeds and
  the artefacts exist; against a server with one LabGraph fault the run step (GitHub), the
  shard holding the broken scenarios and the merge job (GitLab) fail with exit status 1, and
  so does the run step when the service cannot be reached, while the `always` steps still
  find their files; a merge with one shard folder missing fails with 2; the merged report
  holds exactly the scenarios of the unsharded run.

Usage: check_examples.py EXAMPLES_DIR SOURCE_DIR WSCONF WSCONF_SERVER OUT_DIR
Exit status 0 when every check passed, 1 otherwise.
"""
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys

import yaml

EXAMPLES, SOURCE, WSCONF, SERVER, OUT = (os.path.abspath(a) for a in sys.argv[1:6])
FAULT = "labgraph.start-wrong-stream-id"   # breaks a MUST requirement: the run fails
UNREACHABLE = "unreachable"                 # no service at all: scenarios end in error
INSTALLED_BINARY = "/opt/wsconf/build/default/bin/wsconf"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def expect(cond, msg):
    if not cond:
        fail(msg)
    return cond


def load(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def flatten(lines):
    """GitLab accepts nested lists in `script` (an anchored list used with `- *alias`)."""
    out = []
    for line in lines:
        out.extend(flatten(line) if isinstance(line, list) else [line])
    return out


BUILD_LINE = re.compile(r"^(apt-get |git clone |bash /opt/wsconf/ci/(setup-deps|build)\.sh\b)")


def check_build_lines(where, lines):
    """The fetch-and-build lines are not run; the scripts they call must exist here."""
    for line in lines:
        m = re.match(r"^bash /opt/wsconf/(ci/[\w.-]+\.sh)", line)
        if m:
            expect(os.path.isfile(os.path.join(SOURCE, m.group(1))), f"{where}: {m.group(1)} is missing")
    m = [l for l in lines if l.startswith("bash /opt/wsconf/ci/build.sh")]
    expect(m == ["bash /opt/wsconf/ci/build.sh default"], f"{where}: builds with `ci/build.sh default` "
           f"(the binary path {INSTALLED_BINARY} depends on it)")
    with open(os.path.join(SOURCE, "ci/build.sh"), encoding="utf-8") as f:
        expect('-B "build/$type"' in f.read(), "ci/build.sh no longer builds into build/<type>")


class Server:
    """wsconf-server with the LabGraph dialect on an ephemeral port, in place of `api`;
    fault UNREACHABLE: no server, a port nothing listens on."""

    def __init__(self, fault=None):
        self.proc = None
        if fault == UNREACHABLE:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            return
        args = [SERVER, "--dialect", "labgraph", "--ports", "auto"] + (["--fault", fault] if fault else [])
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = json.loads(self.proc.stdout.readline())
        self.port = ready["ports"]["labgraph"]

    def stop(self):
        if not self.proc:
            return
        self.proc.terminate()
        self.proc.wait(timeout=30)


def local(line, port):
    line = re.sub(r"ws://api:\d+/", f"ws://127.0.0.1:{port}/", line)
    line = line.replace(INSTALLED_BINARY, WSCONF)
    return line.replace("/opt/wsconf", SOURCE)


def sh(line, cwd, env):
    """One step or script line, as the runners do: bash -e, in the job's folder."""
    r = subprocess.run(["bash", "-e", "-c", line], cwd=cwd, env=env, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def fresh(name):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def scenario_ids(report_json):
    with open(report_json, encoding="utf-8") as f:
        return sorted(s["id"] for s in json.load(f)["scenarios"])


# ---------------------------------------------------------------- GitHub Actions

def github_structure(wf):
    # YAML 1.1 reads the bare key `on` as true; GitHub reads it as "on".
    triggers = wf.get("on", wf.get(True))
    expect(triggers == ["push", "pull_request"], "github: runs on push and pull_request")
    job = wf["jobs"]["conformance"]
    expect(job.get("container") == "debian:12", "github: the job runs in debian:12")
    expect(list(job.get("services", {})) == ["api"] and job["services"]["api"].get("image"),
           "github: one service container named api, with an image")
    expect("WSCONF_GIT" in job.get("env", {}), "github: WSCONF_GIT says where wsconf comes from")
    steps = job["steps"]
    expect([s.get("name") for s in steps] == ["Build wsconf", "Run the LabGraph scenarios against the service",
                                              "Requirement matrix in the job summary",
                                              "Upload JUnit and the HTML report"],
           "github: the four steps the README lists, in order")
    expect("if" not in steps[1], "github: the run step has no condition (its exit status is the check)")
    expect(all(s.get("if") == "always()" for s in steps[2:]), "github: summary and upload run even after a failure")
    up = steps[3]
    expect(up.get("uses") == "actions/upload-artifact@v4" and up.get("with", {}).get("name") == "wsconf-report",
           "github: uploads the artefact wsconf-report")
    return steps


def github_run(steps, fault, expect_run_status):
    work = fresh(f"github-{fault}" if fault else "github")
    summary = os.path.join(work, "step-summary.md")
    env = dict(os.environ, GITHUB_STEP_SUMMARY=summary, CI="true")
    server = Server(fault)
    try:
        check_build_lines("github", [l for l in steps[0]["run"].splitlines() if l.strip()])
        for step in steps[1:]:
            if "run" in step:
                status, out = sh(local(step["run"], server.port), work, env)
                want = expect_run_status if step is steps[1] else 0
                if not expect(status == want, f"github{' (fault)' if fault else ''}: step '{step['name']}' "
                              f"exited {status}, expected {want}"):
                    print(out[-2000:])
            else:
                for path in step["with"]["path"].split():
                    expect(os.path.isfile(os.path.join(work, path)),
                           f"github{' (fault)' if fault else ''}: artefact {path} was not written")
    finally:
        server.stop()
    with open(summary, encoding="utf-8") as f:
        text = f.read()
    expect(text.startswith("# wsconf compliance report") and "## Requirements: labgraph" in text,
           "github: the job summary holds report.md's requirement matrix")
    expect(("**FAILED**" if fault else "**PASSED**") in text, "github: the summary states the run's result")
    return os.path.join(work, "wsconf-out", "report.json")


# ---------------------------------------------------------------- GitLab CI

def gitlab_structure(ci):
    expect(ci.get("stages") == ["conformance", "report"], "gitlab: stages conformance, report")
    expect("WSCONF_GIT" in ci.get("variables", {}), "gitlab: WSCONF_GIT says where wsconf comes from")
    job, rep = ci["wsconf"], ci["wsconf-report"]
    expect(job.get("stage") == "conformance" and job.get("image") == "debian:12", "gitlab: wsconf job in debian:12")
    expect(len(job.get("services", [])) == 1 and job["services"][0].get("alias") == "api"
           and job["services"][0].get("name"), "gitlab: one service with the alias api")
    expect(job.get("parallel") == 3, "gitlab: three parallel shards")
    arts = job.get("artifacts", {})
    expect(arts.get("when") == "always" and arts.get("paths") == ["shard-*/"]
           and arts.get("reports", {}).get("junit") == "shard-*/junit.xml",
           "gitlab: each shard keeps its folder and its junit.xml, even on failure")
    expect(rep.get("stage") == "report" and rep.get("needs") == ["wsconf"] and rep.get("when") == "always",
           "gitlab: wsconf-report needs the shards and runs always")
    expect(rep.get("artifacts", {}).get("when") == "always" and rep["artifacts"].get("expose_as"),
           "gitlab: the merged report is exposed on merge requests")
    return flatten(job["script"]), flatten(rep["script"]), rep["artifacts"]["paths"], job.get("parallel")


def split_build(lines):
    return [l for l in lines if BUILD_LINE.match(l)], [l for l in lines if not BUILD_LINE.match(l)]


def gitlab_run(shard_script, report_script, report_paths, total, fault, expect_merge_status):
    work = fresh("gitlab-fault" if fault else "gitlab")
    shard_status = []
    server = Server(fault)
    try:
        for where, script in (("wsconf", shard_script), ("wsconf-report", report_script)):
            build, rest = split_build(script)
            check_build_lines(f"gitlab {where}", build)
        for k in range(1, total + 1):
            env = dict(os.environ, CI="true", CI_NODE_INDEX=str(k), CI_NODE_TOTAL=str(total))
            for line in split_build(shard_script)[1]:
                status, out = sh(local(line, server.port), work, env)
                shard_status.append(status)
                # The faulty server breaks the scenarios of one requirement: the shards
                # holding them fail (1), the others pass; without the fault every one passes.
                if not expect(status in ((0, 1) if fault else (0,)),
                              f"gitlab{' (fault)' if fault else ''}: shard {k}/{total} exited {status}"):
                    print(out[-2000:])
        if fault:
            expect(1 in shard_status, "gitlab (fault): no shard failed")
        expect(len(glob.glob(os.path.join(work, "shard-*/junit.xml"))) == total,
               "gitlab: every shard wrote shard-*/junit.xml")
        env = dict(os.environ, CI="true")
        for line in split_build(report_script)[1]:
            status, out = sh(local(line, server.port), work, env)
            if not expect(status == expect_merge_status, f"gitlab{' (fault)' if fault else ''}: wsconf-report "
                          f"exited {status}, expected {expect_merge_status}"):
                print(out[-2000:])
        for path in report_paths:
            expect(os.path.isfile(os.path.join(work, path)), f"gitlab: artefact {path} was not written")
        if not fault:
            # A lost shard job: the merge job fails with exit status 2 (README).
            lost = fresh("gitlab-lost-shard")
            for d in glob.glob(os.path.join(work, "shard-*"))[:-1]:
                shutil.copytree(d, os.path.join(lost, os.path.basename(d)))
            for line in split_build(report_script)[1]:
                status, out = sh(local(line, server.port), lost, env)
                if not expect(status == 2, f"gitlab: wsconf-report with a shard missing exited {status}, expected 2"):
                    print(out[-2000:])
    finally:
        server.stop()
    return os.path.join(work, "wsconf-out", "report.json")


# ---------------------------------------------------------------- README

def readme_commands(gh_steps, gl_report_script):
    """The commands README.md quotes are the ones the files contain (whitespace aside)."""
    with open(os.path.join(EXAMPLES, "README.md"), encoding="utf-8") as f:
        readme = " ".join(f.read().split())
    run_cmd = " ".join(gh_steps[1]["run"].split()).replace(INSTALLED_BINARY, "wsconf")
    expect(f"`{run_cmd}`" in readme, f"README.md quotes the GitHub run step as `{run_cmd}`")
    merge = [l for l in gl_report_script if "wsconf merge" in l]
    expect(len(merge) == 1 and f"`{merge[0].replace(INSTALLED_BINARY, 'wsconf')}`" in readme,
           "README.md quotes the GitLab merge command")
    expect("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"" in readme, "README.md quotes the GitLab shard option")


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    gh = github_structure(load("github-actions.yml"))
    shard_script, report_script, report_paths, shards = gitlab_structure(load("gitlab-ci.yml"))
    readme_commands(gh, report_script)

    whole = github_run(gh, None, 0)
    github_run(gh, FAULT, 1)
    github_run(gh, UNREACHABLE, 1)
    merged = gitlab_run(shard_script, report_script, report_paths, shards, None, 0)
    gitlab_run(shard_script, report_script, report_paths, shards, FAULT, 1)
    if os.path.isfile(whole) and os.path.isfile(merged):
        ids = scenario_ids(whole)
        expect(len(ids) > 0 and ids == scenario_ids(merged),
               "gitlab: the merged shards hold exactly the scenarios of the unsharded GitHub run")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("CI examples: structure, README commands and every step run locally: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
