#!/usr/bin/env python3
"""Scripted fake worker for end-to-end tests (test fixture, not product code).

Usage: fake_worker.py SCENARIO_JSON LANE
Reads one JSON task on stdin, prints one JSON result on stdout, as a real worker would.
The scenario file scripts each lane; sweep progress is kept under <project>/.fake-backend/.
"""
import json
import os
import sys


def load(path):
    with open(path) as handle:
        return json.load(handle)


def ideation(task, scenario):
    mode = scenario.get("ideation", {}).get("mode", "valid")
    slot = task.get("name", "bg-0")
    number = int("".join(ch for ch in slot if ch.isdigit()) or 0)
    if mode == "garbage" or (mode == "flaky" and number % 2 == 1):
        return "this is not json"
    if mode == "invalid_schema":
        return {"slot_id": task.get("name"), "mode": "ideation", "status": "completed"}
    objective = task["objective"]
    low = round(0.001 * number, 6)
    config = {
        "method": "random",
        "metric": {"name": objective["metric"], "goal": objective["direction"]},
        "parameters": {"lr": {"values": [low, low * 2]}, "layers": {"values": [number % 3 + 1]}},
        "run_cap": 4,
    }
    if mode == "wrong_metric":
        config["metric"]["name"] = "some/other_metric"
    # keys a hostile (e.g. prompt-injected) worker adds to its sweep_config, such as a command
    config.update(scenario.get("ideation", {}).get("sweep_extra", {}))
    candidates = [{"rationale": "scripted lr around " + str(low), "sweep_config": config}]
    if mode == "double":
        twin = json.loads(json.dumps(config))
        twin["method"] = "bayes"
        candidates.append({"rationale": "scripted bayes twin", "sweep_config": twin})
    return {
        "slot_id": slot,
        "mode": "ideation",
        "status": "completed",
        "summary": "scripted proposal for " + slot,
        "proposal_candidates": candidates,
    }


def proposals_of(task):
    for key in ("current_proposals", "pool", "proposals", "frozen_pool"):
        if isinstance(task.get(key), list) and task[key]:
            return task[key]
    return []


def selection(task, scenario):
    mode = scenario.get("selection", {}).get("mode", "first")
    pool = proposals_of(task)
    winner = pool[0] if pool else {"proposal_id": "none", "sweep_config": {}}
    proposal_id = "not-in-pool-p999" if mode == "unknown_winner" else winner["proposal_id"]
    config = dict(winner.get("sweep_config", {}))
    config.update(scenario.get("selection", {}).get("sweep_extra", {}))
    return {
        "winning_proposal": {"proposal_id": proposal_id},
        "sweep_config": config,
        "ranking_rationale": "scripted: the first proposal wins",
    }


def analysis(task, scenario):
    sweep = task.get("sweep") or task.get("current_sweep") or {}
    value = sweep.get("best_metric_value")
    return {
        "improved": True,
        "best_metric_value": value,
        "best_run_id": sweep.get("best_run_id"),
        "best_run_url": sweep.get("best_run_url"),
        "learnings": ["scripted learning for iteration %s" % task.get("iteration")],
    }


def execution(task, scenario):
    script = scenario.get("execution", {})
    operation = task.get("operation")
    backend = os.path.join(task.get("project_dir", "."), ".fake-backend")
    os.makedirs(backend, exist_ok=True)
    if operation == "run_smoke_test":
        passed = script.get("smoke", "pass") == "pass"
        return {"operation": operation, "exit_code": 0 if passed else 2, "timed_out": False,
                "passed": passed, "duration_seconds": 0.1, "stdout_tail": "",
                "stderr_tail": "" if passed else "Traceback: scripted failure"}
    if operation == "launch_sweep" and script.get("launch") == "error":
        return {"operation": operation, "exit_code": 1, "sweep_id": None,
                "error": "scripted: sky launch failed for agent 2; sweep cancelled"}
    if operation == "launch_sweep":
        name = "%s-iter%s" % (task.get("proposal_id", "sweep"), task.get("iteration", ""))
        with open(os.path.join(backend, "launches.jsonl"), "a") as handle:
            handle.write(json.dumps({"sweep_id": "fake-" + name}) + "\n")
        return {"operation": operation, "exit_code": 0, "sweep_id": "fake-" + name,
                "sweep_url": "file://" + backend + "/fake-" + name, "sky_job_ids": ["agent-1"],
                "launched_at": "2026-01-01T00:00:00Z"}
    if operation == "poll_sweep":
        sweep_id = task["sweep_id"]
        path = os.path.join(backend, sweep_id + ".json")
        progress = load(path) if os.path.exists(path) else {"polls": 0}
        progress["polls"] += 1
        with open(path, "w") as handle:
            json.dump(progress, handle)
        with open(os.path.join(backend, "polls.jsonl"), "a") as handle:
            handle.write(json.dumps({"sweep_id": sweep_id, "poll": task.get("poll_number")}) + "\n")
        iteration = int(task.get("iteration", 1))
        metrics = script.get("metrics", [0.5])
        value = metrics[min(iteration, len(metrics)) - 1]
        spend = progress["polls"] * float(script.get("spend_per_poll", 0.0))
        done = progress["polls"] > int(script.get("polls_before_complete", 1))
        status = script.get("final_status", "completed") if done else "running"
        budget = float(task.get("compute", {}).get("max_budget_usd", 1e9))
        if float(task.get("spend_before_sweep_usd", 0.0)) + spend >= budget:
            status = "budget_exceeded"
        return {"operation": operation, "exit_code": 0, "sweep_id": sweep_id,
                "sweep_status": status, "best_metric_value": value,
                "best_run_id": sweep_id + "-run-1", "best_run_url": "file://" + path,
                "best_run_config": {"lr": 0.01 * iteration}, "killed_runs": [],
                "cumulative_spend_usd": spend,
                "trials": [{"run_id": sweep_id + "-run-1", "state": "finished",
                            "config": {"lr": 0.01 * iteration}, "metric": value}]}
    if operation == "stop_sweep":
        with open(os.path.join(backend, "stops.jsonl"), "a") as handle:
            handle.write(json.dumps({"sweep_id": task.get("sweep_id")}) + "\n")
        return {"operation": operation, "exit_code": 0, "sweep_id": task.get("sweep_id"),
                "stopped_runs": []}
    return {"operation": operation, "error": "unknown operation"}


def main():
    scenario = load(sys.argv[1])
    lane = sys.argv[2]
    task = json.loads(sys.stdin.read())
    handler = {"ideation": ideation, "selection": selection, "analysis": analysis,
               "execution": execution}[lane]
    garbage = scenario.get("garbage", [])
    if lane in garbage or task.get("operation") in garbage:
        sys.stdout.write("Traceback (most recent call last): scripted garbage")
        return
    result = handler(task, scenario)
    sys.stdout.write(result if isinstance(result, str) else json.dumps(result))


if __name__ == "__main__":
    main()
