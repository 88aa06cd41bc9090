"""The largest export: the office's queue with every state, written as the task worker does.

Runs in a process of its own (``python -m tests.benchmarks.exports <database>``), so that
its peak resident memory is the export's and not the benchmark's: the process starts Django,
queues the export as the office's staff would and runs ``reviews.exports.run_export`` on it.
Prints one JSON line: rows, seconds, CPU seconds, peak memory of the process (MB) and what
that peak was before the export began.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that across exec, so a process started by the benchmark would report the benchmark's own
    peak (1.2 GB after the upload cases, against 0.19 GB for the export)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_this_process() -> dict:
    import django

    django.setup()
    from reviews.exports import run_export
    from reviews.models import ExportLog

    from .load import _context

    context = _context("office")
    log = ExportLog.objects.create(
        actor=context.user,
        actor_name=context.user.get_full_name(),
        role=str(context.role),
        role_key=context.key,
        organisation_name=str(context.organisation),
        filters={"status": "all"},
        full_id_numbers=False,
        status=ExportLog.Status.QUEUED,
    )
    before_mb = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    status = run_export(log.pk)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    log.refresh_from_db()
    if log.file:
        log.file.delete(save=False)
    return {
        "status": status,
        "rows": log.row_count,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_mb": round(_peak_mb(), 1),
        "peak_before_mb": round(before_mb, 1),
    }


def run(database_url: str) -> dict:
    """The figures of one export, from a fresh process on ``database_url``."""
    print()
    print("the largest export (the office's queue, all states, in the task worker)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "titleportal.settings_bench",
        "DATABASE_URL": database_url,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.exports"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        print(f"  failed: {done.stderr[-500:]}")
        return {"error": f"exit {done.returncode}"}
    figures = json.loads(lines[-1])
    print(
        f"  {figures['rows']} rows in {figures['seconds']} s ({figures['cpu_seconds']} CPU s), "
        f"peak {figures['peak_mb']} MB (process before the export: {figures['peak_before_mb']} MB)"
    )
    return figures


if __name__ == "__main__":
    print(json.dumps(_in_this_process()))
