#!/usr/bin/python3
"""Renders bench/run's results as one Markdown table (or, with --document, the whole
BENCHMARKS.md). Exits 1 when a number the table needs is missing.

    bench/bench_table.py [--document] RESULTS

RESULTS has one record a line, written by bench/run:
    sample ROUND KEY NUMBER    one round's measurement (seconds, or a count)
    value KEY NUMBER           a single measurement or a setting
    info KEY TEXT              text (machine, SQL, a row that was not measured)
    extout KEY LINE            a line printed by another benchmark (its `ratio = X` lines)
Every ratio is a median over rounds, each round's two sides measured back to back;
the spread is the lowest and highest round.
"""
import re
import statistics
import sys
from collections import defaultdict


def busy_note(info):
    """Whether other work shared the machine, judged by the 1-minute load before the run."""
    try:
        busy = float(str(info.get("load_before", "")).split()[0]) >= 0.5
    except (ValueError, IndexError):
        busy = True
    if busy:
        return ("The machine was shared with other jobs while this ran (see the load average "
                "before), so times are noisy.")
    return ("The machine was otherwise idle (the load average after is the benchmark's own); "
            "the emulator runs on the same CPUs as backlogsql.")


class Results:
    def __init__(self, path):
        self.samples = defaultdict(dict)  # key → {round: number}
        self.values = {}
        self.info = {}
        self.ext = defaultdict(list)  # benchmark → its output lines
        with open(path, encoding="utf-8") as f:
            for line in f:
                kind, _, rest = line.rstrip("\n").partition(" ")
                if kind == "sample":
                    rnd, key, number = rest.split(" ")
                    self.samples[key][int(rnd)] = float(number)
                elif kind == "value":
                    key, _, number = rest.partition(" ")
                    self.values[key] = float(number) if number else None
                elif kind == "info":
                    key, _, text = rest.partition(" ")
                    self.info[key] = text
                elif kind == "extout":
                    key, _, text = rest.partition(" ")
                    self.ext[key].append(text)

    def v(self, key):
        """A value; None when missing (the row then reports it)."""
        return self.values.get(key)

    def n(self, key):
        return int(self.values[key]) if self.values.get(key) is not None else None

    def median(self, key):
        s = self.samples.get(key)
        return statistics.median(s.values()) if s else None

    def paired(self, num, den):
        """Per-round ratios num/den, over the rounds that have both."""
        a, b = self.samples.get(num, {}), self.samples.get(den, {})
        return [a[r] / b[r] for r in sorted(a) if r in b and b[r] > 0]


class Table:
    def __init__(self, verdicts=True):
        self.rows = []
        self.missing = []
        self.verdicts = verdicts  # off for --quick: its sizes are too small for the targets

    def add(self, measure, ratios, unit="×", target=None, details=""):
        """ratios: per-round numbers (median + spread shown) or None when missing.
        target: (op, bound) with op '<=' or '>='."""
        if not ratios:
            self.missing.append(measure)
            self.rows.append((measure, "MISSING", "", fmt_target(target), details))
            return
        med = statistics.median(ratios)
        spread = f"{fmt_num(min(ratios))}–{fmt_num(max(ratios))}" if len(ratios) > 1 else ""
        verdict = ""
        if target and self.verdicts:
            op, bound = target
            met = med <= bound if op == "<=" else med >= bound
            verdict = " (met)" if met else " (not met)"
        self.rows.append((measure, f"{fmt_num(med)}{unit}", spread, fmt_target(target, unit) + verdict, details))

    def note(self, measure, text):
        self.rows.append((measure, text, "", "", ""))

    def markdown(self):
        out = ["| measure | result (median) | spread (rounds) | target | details |",
               "|---|---|---|---|---|"]
        for row in self.rows:
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
        return "\n".join(out)


def fmt_num(x):
    return f"{x:.0f}" if x >= 100 or x == int(x) else f"{x:.2f}"


def fmt_target(target, unit="×"):
    if not target:
        return ""
    op, bound = target
    return f"{'≤' if op == '<=' else '≥'} {fmt_num(bound)}{unit}"


def mb(n):
    return f"{n / 1e6:.1f} MB" if n is not None else "?"


def secs(x):
    return f"{x:.2f} s" if x is not None else "?"


def build(res):
    t = Table(verdicts=res.info.get("mode") != "quick")
    issues, lat_issues, fan_issues = res.n("issues"), res.n("lat_issues"), res.n("fan_issues")
    latency, changed, parallel = res.n("latency_ms"), res.n("changed"), res.n("parallel")

    t.add(f"`REPLICATE Issues` into SQLite, {issues:,} issues / curl floor",
          res.paired("full.replicate", "full.curl"), target=("<=", 1.3),
          details=f"{secs(res.median('full.replicate'))} vs {secs(res.median('full.curl'))}; "
                  f"{res.n('full.calls')} GETs, {mb(res.v('full.bytes'))}")
    t.add(f"`REPLICATE Issues`, {lat_issues:,} issues, {latency} ms latency / curl floor",
          res.paired("lat.replicate", "lat.curl"), target=("<=", 1.05),
          details=f"{secs(res.median('lat.replicate'))} vs {secs(res.median('lat.curl'))}")
    t.add(f"plain Python script / `REPLICATE Issues`, {issues:,} issues",
          res.paired("full.python", "full.replicate"), target=(">=", 8),
          details=f"{secs(res.median('full.python'))} vs {secs(res.median('full.replicate'))} "
                  "(bench/naive_replicate.py)")
    t.add(f"`IssueComments` over {fan_issues} issues, {latency} ms: serial / `--parallel {parallel}`",
          res.paired("fan.serial", "fan.parallel"),
          details=f"{secs(res.median('fan.serial'))} vs {secs(res.median('fan.parallel'))}; "
                  f"{res.info.get('fan.rows', '?')} comments, {res.n('fan.calls')} calls, same answer")
    full_rep = res.median("full.replicate")
    inc = [s / full_rep for s in res.samples.get("inc.replicate", {}).values()] if full_rep else None
    t.add(f"incremental `REPLICATE Issues` after {changed} changed issues: time / full run", inc,
          details=f"{secs(res.median('inc.replicate'))} vs {secs(full_rep)}; "
                  f"{fmt_count(res.median('inc.calls'))} API calls vs {res.n('full.calls')}, "
                  f"{mb(res.median('inc.bytes'))} vs {mb(res.v('full.bytes'))}")
    t.add("incremental run: issue-list calls",
          list(res.samples.get("inc.list_calls", {}).values()) or None, unit=" calls", target=("<=", 3),
          details=f"GET /api/v2/issues; {fmt_count(res.median('inc.calls'))} calls in all "
                  "(the rest: activities, for deletions)")

    full_calls, full_bytes = res.v("full.list_calls"), res.v("full.list_bytes")
    for key, label in [("key", "`IssueKey =`"), ("in_status", "`ProjectId IN (…) AND StatusId =`"),
                       ("recent", "`Updated >=` recent"), ("top10", "`ORDER BY Updated DESC LIMIT 10`")]:
        pushdown_row(t, res, key, f"pushdown {label}: bytes of a full scan / the query's",
                     full_calls, full_bytes, f"full scan of {issues:,} issues")
    pushdown_row(t, res, "comments", "pushdown `IssueComments WHERE IssueId = 7`: bytes of a full scan / the query's",
                 res.v("fan.calls"), res.v("fan.bytes"), f"full IssueComments scan over {fan_issues} issues")

    small, large = res.v("mem.small_mb"), res.v("mem.large_mb")
    t.add(f"peak RSS, {res.n('mem.large'):,} issues − {res.n('mem.small'):,} issues",
          [large - small] if small is not None and large is not None else None, unit=" MB",
          target=("<=", 20), details=f"{fmt_count(small)} MB vs {fmt_count(large)} MB (bench/replicate_memory.sh)")

    rerun, left, chunk_calls = res.v("resume.rerun"), res.v("resume.left"), res.v("resume.chunk_calls")
    resumed = None not in (rerun, left, chunk_calls) and left + chunk_calls > 0
    t.add(f"first load of {issues:,} issues killed at 90%: rerun calls / (calls left + one chunk)",
          [rerun / (left + chunk_calls)] if resumed else None, target=("<=", 1.05),
          details=f"{fmt_count(rerun)} calls vs {fmt_count(left)} left at the kill ({fmt_count(res.v('resume.made'))} "
                  f"of {fmt_count(res.v('resume.total'))} made, {fmt_count(res.v('resume.committed'))} rows "
                  f"committed) + {fmt_count(chunk_calls)} for a chunk of {fmt_count(res.v('resume.chunk'))} rows; "
                  "then equal to a fresh copy (bench/resume_after_kill.sh)")

    for key, prefix in [("sqlite", "SQLite: "), ("dest", "")]:
        measure = f"{prefix or 'PostgreSQL, MariaDB: '}REPLICATE vs the engine's bulk load"
        if f"failed.{key}" in res.info:
            t.add(measure, None, details=res.info[f"failed.{key}"])
        elif key in res.ext:
            ext_rows(t, res, key, prefix)
        else:
            t.note(measure, res.info.get(f"missing.{key}", "not measured"))
    return t


def fmt_count(x):
    return "?" if x is None else f"{x:,.0f}"


def calls_text(n):
    return f"{fmt_count(n)} call" + ("" if n == 1 else "s")


def pushdown_row(t, res, key, measure, full_calls, full_bytes, full_label):
    calls, nbytes, rows = res.v(f"push.{key}.calls"), res.v(f"push.{key}.bytes"), res.v(f"push.{key}.rows")
    ok = None not in (calls, nbytes, full_calls, full_bytes) and nbytes > 0
    t.add(measure, [full_bytes / nbytes] if ok else None,
          details=f"{calls_text(calls)}, {fmt_count(nbytes)} B, {fmt_count(rows)} row{'' if rows == 1 else 's'}; "
                  f"{full_label}: {calls_text(full_calls)}, {mb(full_bytes)}")


RATIO = re.compile(r"=\s*(\d+(?:\.\d+)?)")
TARGET = re.compile(r"target\s*<=\s*(\d+(?:\.\d+)?)")
ROUND_RATIO = re.compile(r"^round .*\bratio\s+(\d+(?:\.\d+)?)\s*$")
ROUNDS_LIST = re.compile(r";\s*rounds\s+(\d[\d.\s]*)$")  # "…; rounds 1.28 1.25 1.13"


def ext_rows(t, res, key, prefix):
    """The `… ratio = X (target <= Y)` lines of another benchmark, one row each."""
    lines = res.ext[key]
    summaries = [ln for ln in lines if "ratio" in ln and RATIO.search(ln)]
    rounds = [float(m.group(1)) for ln in lines if (m := ROUND_RATIO.match(ln))]
    if not summaries:
        t.add(f"{prefix}REPLICATE vs the engine's bulk load ({res.info.get('ext.' + key)})", None)
        return
    for ln in summaries:
        m = RATIO.search(ln)
        label = re.sub(r"^\s*ratio\s*=\s*", "", ln[:m.start()])
        label = re.sub(r"\s*(median\s+)?ratio\s*$", "", label)
        label = re.sub(r"\s+", " ", label).strip()
        target = TARGET.search(ln)
        # Per-round ratios: listed on the line itself, or the `round … ratio X` lines when
        # the benchmark prints exactly one summary line.
        listed = ROUNDS_LIST.search(ln)
        if listed:
            ratios = [float(x) for x in listed.group(1).split()]
        else:
            ratios = rounds if len(summaries) == 1 and rounds else [float(m.group(1))]
        t.add(f"{prefix}{label}", ratios, target=("<=", float(target.group(1))) if target else None,
              details=res.info.get("ext." + key, ""))


METHOD = """\
How each row is measured (bench/run; bench/bench_table.py renders this file):

- Every timed row is a ratio of two runs made back to back in the same round, against the
  same `backlog-emulator` on 127.0.0.1, in a rotating order; the result is the median over
  the rounds and the spread the lowest and highest round. Times are wall-clock times of
  whole programs (`backlogsql`, `curl`, `/usr/bin/python3`), start-up included.
- **curl floor**: the GET requests the `REPLICATE` made (taken from the emulator's request
  log), replayed by one `curl` process serially over one keep-alive connection, bodies
  discarded (`--compressed`, as `backlogsql` asks for compressed bodies too). Reading the
  same pages can be no faster than this.
- **Python script**: `bench/naive_replicate.py`, urllib + json + sqlite3, page by page,
  every field a column, one transaction: what a user would write in an afternoon.
- **Fan-out**: `SELECT count(*), sum(IssueId = 7) FROM IssueComments` (one comment list per
  issue) serially and with `--parallel N`; both must give the same answer.
- **Incremental**: the same issues are changed each round through the emulator's write
  API (`PATCH /api/v2/issues/:id`), then `REPLICATE Issues` runs on a copy of the full
  replica; calls and bytes come from the emulator's request log; every changed summary
  must arrive.
- **Pushdown**: each query's calls and response bytes (request log) against the full scan
  of the same table; each answer must equal the same SQL run on the replica.
- **Peak RSS**: `bench/replicate_memory.sh` (GNU time's maximum resident set size of
  `backlogsql` replicating each space).
- **Resume**: `bench/resume_after_kill.sh`: a first load (chunks of 5,000 rows) killed
  with `kill -9` once 90% of a clean load's issue-list calls are made (the emulator answers
  after 2 ms), then rerun; its calls against the calls left at the kill plus one chunk's
  (the chunk being read at the kill is read again; the pages read ahead of the rows and
  the boundary day read again are the rest). The replica must then equal a fresh copy.
- **Destinations**: `bench_replicate_vs_import` (SQLite vs `sqlite3 .import` and the scan)
  and `bench/destinations_vs_bulk.sh` (PostgreSQL vs `psql \\copy`, MariaDB vs
  `LOAD DATA LOCAL INFILE`), their own medians.
"""


def document(res, table):
    i = res.info
    rounds = res.n("rounds")
    out = [
        "# Benchmarks",
        "",
        "Produced by `bench/run` (it builds Release, starts the emulator and measures every row",
        "in one run; `bench/run --quick` is the CI-sized check). Re-run it to replace this file.",
        "",
        f"- Date: {i.get('date', '?')}; commit {i.get('commit', '?')}",
        f"- Machine: {i.get('cpu', '?')}, {i.get('nproc', '?')} CPUs (nproc), {i.get('ram', '?')} RAM",
        f"- Rounds: {rounds}; load average {i.get('load_before', '?')} before, {i.get('load_after', '?')} after",
        "",
        busy_note(i),
        "Each ratio compares two runs made back to back, which cancels slow drifts, but a",
        "single round can still be off — read the spread. Targets are goals, not tests: only",
        "correctness (row counts, answers, failed commands) fails `bench/run`.",
        "",
        table.markdown(),
        "",
        METHOD,
        "Raw samples (seconds, or counts), one column per round:",
        "",
        "```",
    ]
    for key in sorted(res.samples):
        s = res.samples[key]
        out.append(f"{key:16} " + " ".join(f"{s[r]:.3f}" if s[r] != int(s[r]) else f"{s[r]:.0f}" for r in sorted(s)))
    out += ["```", ""]
    sqls = [f"- `{k.split('.')[1]}`: `{v}`" for k, v in sorted(i.items()) if k.startswith("push.")]
    if sqls:
        out += ["Pushdown queries:", ""] + sqls + [""]
    for key, lines in sorted(res.ext.items()):
        out += [f"Output of `{i.get('ext.' + key, key)}`:", "", "```"] + lines + ["```", ""]
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    doc = "--document" in args
    args = [a for a in args if a != "--document"]
    if len(args) != 1:
        sys.exit("usage: bench_table.py [--document] RESULTS")
    res = Results(args[0])
    table = build(res)
    print(document(res, table) if doc else table.markdown())
    if table.missing:
        print("missing numbers: " + "; ".join(table.missing), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
