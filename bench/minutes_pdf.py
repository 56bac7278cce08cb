"""Benchmark: minutes of 40 agenda items of Chinese text as PDF in a fresh worker (prints a table).

Takes approved minutes of the bench database (``bench/fill.py``), gives their content 40 items –
each with a title, stances with reasons, a named vote and a decision, all in Chinese – and renders
them with ``meetings.pdf.render_minutes_pdf`` in a fresh Python process (nothing is saved), booted
as a gunicorn worker of the production recipe boots (``django.setup()``, ``import config.wsgi``,
then ``config/gunicorn.py``'s ``post_worker_init`` hook when there is one: a warm-up there is
counted), in two variants: approved (PDF/A-3b) and draft, all 40 items (every tenth is
confidential). Per variant and process:

- **start → first PDF**: wall time from spawning the process to the first PDF's bytes (interpreter,
  Django, the app's start-up and worker hook, fonts and WeasyPrint loaded on first use);
- **worker hook**: the ``post_worker_init`` hook alone (0 without one) – paid before the worker
  takes requests;
- **first render**: the first ``render_minutes_pdf`` call alone – what the first user of a fresh
  worker waits, beyond the request itself;
- **warm render**: the median of ``BENCH_PDF_WARM`` (3) further renders;
- peak RSS (``resource.getrusage`` maxrss) against the RSS before the first render, and the peak of
  Python allocations (``tracemalloc``, one more render: it slows Python down; WeasyPrint's C
  libraries are not traced). CPU seconds are shown next to wall seconds (a busy machine).

    .venv/bin/python bench/minutes_pdf.py
    BENCH_PDF_ITEMS=15 .venv/bin/python bench/minutes_pdf.py
"""

import copy
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc

from common import ROOT, setup

ITEMS = int(os.environ.get("BENCH_PDF_ITEMS", "40"))
WARM = int(os.environ.get("BENCH_PDF_WARM", "3"))
TEXT = (
    "会议认为，要坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
    "严格落实民主集中制，加强对重大事项的集体研究和决策，确保各项工作部署落地见效。"
)


def minutes_with_items(count: int):
    """Unsaved copy of approved demo minutes whose content has ``count`` Chinese items."""
    from meetings.models import Minutes

    minutes = (
        Minutes.objects.filter(status="approved", content__items__0__isnull=False).order_by("pk").first()
        or Minutes.objects.filter(status="approved").order_by("pk").first()
    )
    content = copy.deepcopy(minutes.content)
    template = (content.get("items") or [{}])[0]
    items = []
    for n in range(1, count + 1):
        item = copy.deepcopy(template)
        item.update(
            {
                "title": f"第{n}项：关于研究推进乡村振兴重点项目第{n}批建设资金安排的议题",
                "is_confidential": n % 10 == 0,
                "stances": [
                    {"name": name, "stance": "同意", "reason": TEXT}
                    for name in ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊")
                ],
                "written_opinions": [{"name": "周敏", "position": "同意", "text": TEXT}],
                "recused": [],
            }
        )
        if item.get("vote"):
            item["vote"]["names"] = [{"name": name, "choice": "同意"} for name in ("王建国", "李秀英", "张伟")]
        item["decision"] = {
            **(item.get("decision") or {}),
            "kind": "决定",
            "resolution": f"同意第{n}批建设资金安排方案。" + TEXT * 2,
            "basis": TEXT,
            "responsible": "王建国、李秀英",
            "supervision": "由党委办公室督查，按月报告进展。",
            "is_emergency_majority": False,
            "reservations": [],
        }
        items.append(item)
    content["items"] = items
    minutes.content = content
    return minutes


def page_count(data: bytes) -> int | str:
    """Pages, by poppler's pdfinfo (a Makefile system package); "?" without it."""
    program = shutil.which("pdfinfo")
    if program is None:
        return "?"
    result = subprocess.run([program, "-"], input=data, capture_output=True, check=False)  # noqa: S603
    match = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(match.group(1)) if match else "?"


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(variant: str) -> None:
    """One variant in this (fresh) process; prints a JSON line."""
    setup()
    import config.wsgi  # noqa: F401 - boot as a gunicorn worker does
    from meetings import pdf

    hook = 0.0
    if (ROOT / "config" / "gunicorn.py").exists():
        # The worker's start-up hook of the production recipe (docker-compose.yml: --config
        # python:config.gunicorn), e.g. a warm-up of the PDF renderer, runs before any request.
        import importlib
        import types

        post_worker_init = getattr(importlib.import_module("config.gunicorn"), "post_worker_init", None)
        if post_worker_init is not None:
            start = time.perf_counter()
            post_worker_init(types.SimpleNamespace(pid=os.getpid(), log=None))
            hook = time.perf_counter() - start

    minutes = minutes_with_items(ITEMS)
    if variant == "draft":
        minutes.status = "draft"
    full = True  # all 40 items: the distributed version would leave the confidential ones out
    before = maxrss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    data = pdf.render_minutes_pdf(minutes, full=full)
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    first_done = time.time()
    warm, warm_cpu = [], []
    for _n in range(WARM):
        start, cpu = time.perf_counter(), time.process_time()
        pdf.render_minutes_pdf(minutes, full=full)
        warm.append(time.perf_counter() - start)
        warm_cpu.append(time.process_time() - cpu)
    peak_rss = maxrss_mb()
    docx_times = []
    for _n in range(WARM):  # issue 15: the same minutes as .docx (after the PDFs: RSS above is theirs)
        start = time.perf_counter()
        docx_data = pdf.render_minutes_docx(minutes, full=full)
        docx_times.append(time.perf_counter() - start)
    tracemalloc.start()
    pdf.render_minutes_pdf(minutes, full=full)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "first_done": first_done,
                "hook": hook,
                "first": first,
                "first_cpu": first_cpu,
                "warm": statistics.median(warm),
                "warm_cpu": statistics.median(warm_cpu),
                "rss_before": before,
                "rss_peak": peak_rss,
                "traced_peak": traced,
                "kb": len(data) / 1000,
                "pages": page_count(data),
                "docx": statistics.median(docx_times),
                "docx_kb": len(docx_data) / 1000,
            }
        )
    )


def main() -> None:
    now_utc = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    print(
        f"Minutes with {ITEMS} agenda items of Chinese text, meetings.pdf.render_minutes_pdf in a fresh process"
        f" (bench/minutes_pdf.py); warm = median of {WARM}; {now_utc} UTC."
    )
    print()
    print(
        "| variant | start → first PDF s | worker hook s | first render s (CPU) | warm render s (CPU) | RSS before MB"
        " | peak RSS MB | Python peak MB | pages | PDF kB | .docx s | .docx kB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for variant in ("approved", "draft"):
        spawned = time.time()
        result = subprocess.run(  # noqa: S603 - this script, in a fresh interpreter
            [sys.executable, __file__, "--child", variant],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"| {variant} | {row['first_done'] - spawned:.2f} | {row['hook']:.2f}"
            f" | {row['first']:.2f} ({row['first_cpu']:.2f})"
            f" | {row['warm']:.2f} ({row['warm_cpu']:.2f}) | {row['rss_before']:.0f} | {row['rss_peak']:.0f}"
            f" | {row['traced_peak']:.1f} | {row['pages']} | {row['kb']:.0f}"
            f" | {row['docx']:.2f} | {row['docx_kb']:.0f} |"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
