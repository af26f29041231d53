#!/usr/bin/env bash
# Runs the shipment benchmarks and prints a table (docs/performance.md says
# what each line means and what this machine measured).
#
#   benchmarks/run_benchmarks.sh [--rows "1000000 10000000"] [--repetitions 3]
#                                [--pandas-repetitions 3] [--duckdb-repetitions 3]
#                                [--build DIR] [--work DIR] [--footprint PATH]
#                                [--python PATH] [--node PATH] [--node-path DIR] [--smoke]
#
# Everything runs `reusable-packaging-reduction@2.0.0`, pinned by version (the
# arithmetic the pandas and DuckDB references repeat). For each row count it
#   1. generates the data:  footprint sample --rows N -o WORK/shipments-N.csv
#   2. runs the Google Benchmark footprint_bench_shipments on that file
#      (engine over in-memory columns at batch sizes 1024, 4096, 65536; CSV
#      ingest; CSV records alone);
#   3. times `footprint compute` on it (wall, CPU, max RSS), repetitions times;
#   4. times the pandas reference on it (with the plan's constants dumped by
#      footprint_plan_constants), then checks once, row by row, that pandas
#      and footprint agree to the gram;
#   5. the same with the DuckDB reference (node + @duckdb/node-api, both
#      cores), when node finds @duckdb/node-api (give its node_modules folder
#      with --node-path, or NODE_PATH); skipped with a note otherwise;
#   6. prints the table (bench_tools.py report): best of the repetitions.
# --smoke: 10 000 rows, one repetition, minimal benchmark time; prints
# "smoke: ok" when everything ran and agreed (the ctest bench.shipments.smoke).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
build="$source_dir/build"
work=""
rows="1000000 10000000"
reps=3
pandas_reps=3
duckdb_reps=""
methodology=reusable-packaging-reduction@2.0.0
python=/usr/bin/python3
node=node
node_path="${NODE_PATH:-}"
footprint=""
smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --repetitions) reps="$2"; shift 2 ;;
    --pandas-repetitions) pandas_reps="$2"; shift 2 ;;
    --duckdb-repetitions) duckdb_reps="$2"; shift 2 ;;
    --node) node="$2"; shift 2 ;;
    --node-path) node_path="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --footprint) footprint="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "run_benchmarks.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ "$smoke" = 1 ]; then
  rows=10000; reps=1; pandas_reps=1; duckdb_reps=1
  gbench_flags=(--benchmark_min_time=0.01)
else
  gbench_flags=(--benchmark_repetitions="$reps")
fi
[ -n "$duckdb_reps" ] || duckdb_reps="$pandas_reps"
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
      "$work"/check-*.txt "$work"/duckdb-*.json "$work"/duckdb-*.txt "$work"/duckdb-check-*.txt \
      "$work"/size-*.txt "$work"/load-*.txt
common=(-m "$methodology" --data "$source_dir" --factors "$set_file")

# The DuckDB reference needs node and the npm package @duckdb/node-api.
duckdb=0
node_env=(env ${node_path:+NODE_PATH="$node_path"})
if "${node_env[@]}" "$node" -e "require('@duckdb/node-api')" 2> /dev/null; then
  duckdb=1
else
  echo "run_benchmarks.sh: node cannot load @duckdb/node-api (npm install --prefix DIR @duckdb/node-api; --node-path DIR/node_modules): DuckDB reference skipped" >&2
fi

# pandas must not inherit OpenBLAS tuning meant for other programs.
pandas_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

"$constants_tool" --set="$set_file" --methodology="$methodology" -o "$work/constants.json"
for n in $rows; do
  csv="$work/shipments-$n.csv"
  echo "== $n rows: generating $csv" >&2
  "$footprint" sample --rows "$n" -o "$csv" > /dev/null
  wc -c < "$csv" > "$work/size-$n.txt"

  echo "== $n rows: Google Benchmark (engine, ingest)" >&2
  cat /proc/loadavg > "$work/load-$n.txt"
  "$bench" --csv="$csv" --set="$set_file" --methodology="$methodology" "${gbench_flags[@]}" \
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
  if [ "$duckdb" = 1 ]; then
    echo "== $n rows: DuckDB reference x $duckdb_reps" >&2
    for r in $(seq 1 "$duckdb_reps"); do
      $tools measure "$work/duckdb-$n-$r.json" "$work/duckdb-$n-$r.txt" -- \
        "${node_env[@]}" "$node" "$here/duckdb_reference.js" "$csv" "$work/constants.json" \
        -o "$work/duckdb-results-$n.csv"
    done
    echo "== $n rows: DuckDB and footprint, row by row" >&2
    if ! "${node_env[@]}" "$node" "$here/duckdb_reference.js" "$csv" "$work/constants.json" \
           --check "$work/results-$n.csv" > "$work/duckdb-check-$n.txt"; then
      cat "$work/duckdb-check-$n.txt"
      echo "MISMATCH: DuckDB and footprint disagree on $n rows" >&2
    fi
  fi
  cat /proc/loadavg >> "$work/load-$n.txt"
  grep -h "^ER" "$work/compute-$n-1.txt" >&2 || true
  rm -f "$work/results-$n.csv" "$work/pandas-results-$n.csv" "$work/duckdb-results-$n.csv" \
        "$work/results-$n.quarantine.csv"
done

$tools report "$work"
if [ "$smoke" = 1 ]; then
  grep -q "agree:" "$work/check-$rows.txt" && ! grep -q '"error_occurred": true' "$work/gbench-$rows.json" &&
    { [ "$duckdb" = 0 ] || grep -q "agree:" "$work/duckdb-check-$rows.txt"; } && echo "smoke: ok"
fi
