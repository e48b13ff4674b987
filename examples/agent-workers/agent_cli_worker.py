#!/usr/bin/env python3
"""Plug an AI agent CLI (Claude Code, Codex, Gemini CLI, ...) in as a metaopt worker.

metaopt sends the task as JSON on stdin and expects exactly one JSON object on stdout. This
wrapper turns the task into a prompt, runs the agent CLI named in AGENT_CMD (its argv, as a JSON
list, with the prompt appended as the last argument), and prints the first JSON object found in
the agent's answer. metaopt then validates it against the lane's schema and retries or blocks if
it is wrong, exactly as for any worker.

    AGENT_CMD='["claude", "-p"]'        python3 agent_cli_worker.py < task.json
    AGENT_CMD='["codex", "exec"]'       python3 agent_cli_worker.py < task.json

Standard library only; the agent's own credentials stay in its own environment.
"""
import json
import os
import subprocess
import sys


def prompt(task):
    rules = "\n".join("- " + rule for rule in task.get("instructions", []))
    return (
        "You are the metaopt %s worker. Follow these rules:\n%s\n\n"
        "Answer with exactly one JSON object valid against the JSON Schema '%s' and nothing"
        " else.\n\nTask:\n%s\n" % (task.get("lane"), rules, task.get("result_schema"),
                                   json.dumps(task, indent=2, sort_keys=True)))


def first_json_object(text):
    decoder = json.JSONDecoder()
    for start, char in enumerate(text):
        if char == "{":
            try:
                value, _ = decoder.raw_decode(text[start:])
                if isinstance(value, dict):
                    return value
            except ValueError:
                continue
    return None


def main():
    task = json.loads(sys.stdin.read())
    argv = json.loads(os.environ.get("AGENT_CMD", '["claude", "-p"]'))
    answer = subprocess.run(argv + [prompt(task)], capture_output=True, text=True,
                            timeout=int(os.environ.get("AGENT_TIMEOUT", "540")))
    sys.stderr.write(answer.stderr)
    value = first_json_object(answer.stdout)
    if answer.returncode != 0 or value is None:
        sys.stderr.write("agent CLI gave no JSON object (exit %d)\n" % answer.returncode)
        sys.exit(1)
    sys.stdout.write(json.dumps(value))


if __name__ == "__main__":
    main()
