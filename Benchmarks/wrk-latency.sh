# Sourced by the benchmark scripts: reading wrk's output.

# to_ms LATENCY: wrk prints latencies like 812.00us, 3.21ms, 1.02s; prints milliseconds.
to_ms() {
    python3 -c '
import re, sys
m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", sys.argv[1])
if not m:
    sys.exit("cannot read latency " + sys.argv[1])
factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]
print(f"{float(m.group(1)) * factor:.2f}")
' "$1"
}
