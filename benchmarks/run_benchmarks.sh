#!/usr/bin/env bash
# Runs the shipment benchmarks and prints a table (docs/performance.md says
# what each line means and what this machine measured).
#
#   benchmarks/run_benchmarks.sh [--rows "1000000 10000000"] [--repetitions 5]
#                                [--pandas-repetitions 3] [--build DIR] [--work DIR]
#                                [--footprint PATH] [--python PATH] [--smoke]
#
# For each row count it
#   1. generates the data:  footprint sample --rows N -o WORK/shipments-N.csv
#   2. runs the Google Benchmark footprint_bench_shipments on that file
#      (engine over in-memory columns at batch sizes 1024, 4096, 65536; CSV
#      ingest; CSV records alone), medians over the repetitions;
#   3. times `footprint compute` on it (wall, CPU, max RSS), repetitions times;
#   4. times the pandas reference on it (with the plan's constants dumped by
#      footprint_plan_constants), then checks once, row by row, that pandas
#      and footprint agree to the gram;
#   5. prints the table (bench_tools.py report).
# --smoke: 10 000 rows, one repetition, minimal benchmark time; prints
# "smoke: ok" when everything ran and agreed (the ctest bench.shipments.smoke).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
build="$source_dir/build"
work=""
rows="1000000 10000000"
reps=5
pandas_reps=3
python=/usr/bin/python3
footprint=""
smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --repetitions) reps="$2"; shift 2 ;;
    --pandas-repetitions) pandas_reps="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --footprint) footprint="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run_benchmarks.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ "$smoke" = 1 ]; then
  rows=10000; reps=1; pandas_reps=1
  gbench_flags=(--benchmark_min_time=0.01)
else
  gbench_flags=(--benchmark_repetitions="$reps")
fi
[ -n "$footprint" ] || footprint="$build/bindings/cli/footprint"
[ -n "$work" ] || work="$build/benchmarks/work"
bench="$build/benchmarks/footprint_bench_shipments"
constants_tool="$build/benchmarks/footprint_plan_constants"
set_file="$build/footprint-default.sqlite"
tools="$python $here/bench_tools.py"
for f in "$footprint" "$bench" "$constants_tool" "$set_file"; do
  [ -e "$f" ] || { echo "run_benchmarks.sh: $f not found: build first (cmake --build $build)" >&2; exit 2; }
done
mkdir -p "$work"
rm -f "$work"/gbench-*.json "$work"/compute-*.json "$work"/compute-*.txt "$work"/pandas-*.json "$work"/pandas-*.txt \
      "$work"/check-*.txt \
      "$work"/size-*.txt
common=(-m reusable-packaging-reduction@1.0.0 --data "$source_dir" --factors "$set_file")

# pandas must not inherit OpenBLAS tuning meant for other programs.
pandas_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

"$constants_tool" --set="$set_file" -o "$work/constants.json"
for n in $rows; do
  csv="$work/shipments-$n.csv"
  echo "== $n rows: generating $csv" >&2
  "$footprint" sample --rows "$n" -o "$csv" > /dev/null
  wc -c < "$csv" > "$work/size-$n.txt"

  echo "== $n rows: Google Benchmark (engine, ingest)" >&2
  "$bench" --csv="$csv" --set="$set_file" "${gbench_flags[@]}" \
    --benchmark_out="$work/gbench-$n.json" --benchmark_out_format=json >&2

  echo "== $n rows: footprint compute x $reps" >&2
  for r in $(seq 1 "$reps"); do
    $tools measure "$work/compute-$n-$r.json" "$work/compute-$n-$r.txt" -- \
      "$footprint" compute "${common[@]}" -s "$csv" -o "$work/results-$n.csv"
  done

  echo "== $n rows: pandas reference x $pandas_reps" >&2
  for r in $(seq 1 "$pandas_reps"); do
    $tools measure "$work/pandas-$n-$r.json" "$work/pandas-$n-$r.txt" -- \
      "${pandas_env[@]}" "$python" "$here/pandas_reference.py" "$csv" "$work/constants.json" \
      -o "$work/pandas-results-$n.csv"
  done
  echo "== $n rows: pandas and footprint, row by row" >&2
  if ! "${pandas_env[@]}" "$python" "$here/pandas_reference.py" "$csv" "$work/constants.json" \
         --check "$work/results-$n.csv" > "$work/check-$n.txt"; then
    cat "$work/check-$n.txt"
    echo "MISMATCH: pandas and footprint disagree on $n rows" >&2
  fi
  grep -h "^ER" "$work/compute-$n-1.txt" >&2 || true
  rm -f "$work/results-$n.csv" "$work/pandas-results-$n.csv" "$work/results-$n.quarantine.csv"
done

$tools report "$work"
if [ "$smoke" = 1 ]; then
  grep -q "agree:" "$work/check-$rows.txt" && ! grep -q '"error_occurred": true' "$work/gbench-$rows.json" && echo "smoke: ok"
fi
