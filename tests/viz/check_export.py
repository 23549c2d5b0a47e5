#!/usr/bin/env python3
"""check_export.py PSE386 FORKER_GUEST TRACE_EXPORT: the event trace and its exporters.

The guest (forker.c) forks two children that each write(2) three lines, waits for them and
writes one line itself.  Checked:
- the trace holds 7 write system calls: 3 from each child pid and 1 from the first process; the
  children's pids are the two new processes the trace switches to;
- its TLB misses agree with --stats of the same run (user fetch misses = iTLB-load-misses, user
  read/write misses = dTLB-load-misses + dTLB-store-misses; docs/statistics.md definitions);
- the Chrome/Perfetto JSON parses, has a "run" slice for each of the three processes and one
  instant event per system call; the CSV has one row per record; the rates CSV has a column per
  TLB array of the trace header;
- a trace written to a name ending in .gz is gzip data with the same system calls and switches,
  and the exporter reads it.
"""
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vizcheck  # noqa: E402

check = vizcheck.check


def main():
    pse, guest, export = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        trace, stats = os.path.join(tmp, "t"), os.path.join(tmp, "s.json")
        subprocess.run([pse, "--trace", trace, "--stats=json", "--stats-file", stats, guest],
                       check=True, stdout=subprocess.DEVNULL)
        with open(stats) as f:
            st = json.load(f)
        with open(trace) as f:
            header = f.readline().split()
            recs = [line.split() for line in f]
        first = int([w for w in header if w.startswith("pid=")][0][4:])
        writes = {}
        for r in recs:
            if r[0] == "S" and r[4] == "write":
                writes[int(r[2])] = writes.get(int(r[2]), 0) + 1
        new_pids = {int(r[3]) for r in recs if r[0] == "C"} - {first}
        check(writes.get(first) == 1, "first process: %s writes" % writes.get(first))
        check(len(new_pids) == 2, "switched to %s" % sorted(new_pids))
        check(all(writes.get(p) == 3 for p in new_pids), "children writes %s" % writes)
        fetch = sum(1 for r in recs if r[0] == "M" and r[2] == "fu")
        data = sum(1 for r in recs if r[0] == "M" and r[2] in ("ru", "wu"))
        check(fetch == st["iTLB-load-misses"], "fetch misses %d vs %d" %
              (fetch, st["iTLB-load-misses"]))
        check(data == st["dTLB-load-misses"] + st["dTLB-store-misses"], "data misses %d" % data)

        js = os.path.join(tmp, "t.json")
        subprocess.run([export, "--format", "chrome", trace, js], check=True)
        with open(js) as f:
            events = json.load(f)["traceEvents"]
        runs = {e["pid"] for e in events if e.get("ph") == "X" and e["name"] == "run"}
        check(runs == new_pids | {first}, "run slices for %s" % sorted(runs))
        nsys = sum(1 for r in recs if r[0] == "S")
        ksys = sum(1 for e in events if e.get("ph") == "i" and e.get("cat") == "kernel"
                   and not e["name"].startswith(("switch", "page fault", "exception")))
        check(ksys == nsys, "%d syscall events for %d syscalls" % (ksys, nsys))
        check(any(e.get("ph") == "C" for e in events), "no counter track")

        out = subprocess.run([export, "--format", "csv", trace], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        rows = list(csv.DictReader(out.splitlines()))
        check(len(rows) == len(recs), "csv %d rows for %d records" % (len(rows), len(recs)))
        out = subprocess.run([export, "--format", "rates", trace], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        arrays = [a.split(":")[0] for w in header if w.startswith("arrays=")
                  for a in w[7:].split(",")]
        check(out.splitlines()[0].split(",") == ["start", "end"] + arrays, "rates header")
        # The same run written compressed (name ending in .gz) holds the same system calls and
        # switches, and the exporter reads it.
        gz = os.path.join(tmp, "t.gz")
        subprocess.run([pse, "--trace", gz, guest], check=True, stdout=subprocess.DEVNULL)
        with gzip.open(gz, "rt") as f:
            zrecs = [line.split() for line in f][1:]
        kern = lambda rs: [r for r in rs if r[0] in "SCZ"]  # noqa: E731
        check(kern(zrecs) == kern(recs), ".gz trace: other system calls or switches")
        out = subprocess.run([export, "--format", "csv", gz], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        check(len(out.splitlines()) == len(zrecs) + 1, ".gz export: rows")
        print("export: %d records, %d events, pids %d + %s, writes %s"
              % (len(recs), len(events), first, sorted(new_pids), writes))
    return vizcheck.verdict()


if __name__ == "__main__":
    sys.exit(main())
