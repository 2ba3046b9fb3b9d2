#!/usr/bin/env bash
# Times `traffic validate` against the CRD schema checker
# (shared/tools/check-crd-schema.py) on the same generated documents.
#
# Usage: crates/cli/benches/compare.sh [DOCUMENTS] [RUNS]
#   DOCUMENTS  how many documents to generate (default 1000; half
#              VirtualServices, half DestinationRules, two per file)
#   RUNS       timed runs per tool; the median is reported (default 5)
# Environment:
#   TRAFFIC_SHARED  the shared/ folder (default: ../shared beside the checkout)
#   OPT_LEVEL       build the CLI with this opt-level instead of the release
#                   profile's (the workspace sets "z" for the wasm app), in a
#                   separate target dir so the release build is left alone
#
# Uses hyperfine when it is installed, else `date +%s.%N`. Both tools must
# pass every document, or the comparison is meaningless and the script fails.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
SHARED=${TRAFFIC_SHARED:-$ROOT/../shared}
DOCS=${1:-1000}
RUNS=${2:-5}
CHECKER="$SHARED/tools/check-crd-schema.py"

if [ -n "${OPT_LEVEL:-}" ]; then
    export CARGO_TARGET_DIR="$ROOT/target/compare-opt$OPT_LEVEL"
    export CARGO_PROFILE_RELEASE_OPT_LEVEL="$OPT_LEVEL"
fi
cargo build --release -p traffic-cli --quiet
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/traffic"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Two documents per file: a VirtualService with a header match and a 90/10
# split, and the DestinationRule with its subsets.
files=$(( (DOCS + 1) / 2 ))
for ((i = 0; i < files; i++)); do
    {
        printf 'apiVersion: networking.istio.io/v1\nkind: VirtualService\n'
        printf 'metadata:\n  name: svc-%d\n  namespace: team-%d\n' "$i" $((i % 7))
        printf 'spec:\n  hosts:\n  - svc-%d\n  http:\n' "$i"
        printf '  - name: beta\n    match:\n    - headers:\n        x-user-type:\n'
        printf '          exact: beta\n      uri:\n        prefix: /api\n'
        printf '    route:\n    - destination:\n        host: svc-%d\n        subset: v2\n' "$i"
        printf '  - name: default\n    route:\n'
        printf '    - destination:\n        host: svc-%d\n        subset: v1\n      weight: 90\n' "$i"
        printf '    - destination:\n        host: svc-%d\n        subset: v2\n      weight: 10\n' "$i"
        if (( 2 * i + 1 < DOCS )); then
            printf -- '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\n'
            printf 'metadata:\n  name: svc-%d\n  namespace: team-%d\n' "$i" $((i % 7))
            printf 'spec:\n  host: svc-%d\n  subsets:\n' "$i"
            printf '  - name: v1\n    labels:\n      version: v1\n'
            printf '  - name: v2\n    labels:\n      version: v2\n'
        fi
    } > "$WORK/doc-$i.yaml"
done
one="$WORK/doc-0.yaml"

# Sanity: both must accept everything.
"$BIN" validate "$WORK"/*.yaml > "$WORK/traffic.out" || {
    tail -5 "$WORK/traffic.out"; echo "traffic validate found problems" >&2; exit 1; }
python3 "$CHECKER" "$WORK"/*.yaml > "$WORK/python.out" 2>/dev/null || {
    tail -5 "$WORK/python.out"; echo "check-crd-schema.py found problems" >&2; exit 1; }

echo "documents: $DOCS in $files files ($(cat "$WORK"/*.yaml | wc -c) bytes)"
echo "traffic:   $(tail -1 "$WORK/traffic.out")"
echo "python:    $(grep -E '^[0-9]+ passed' "$WORK/python.out")"
echo

if command -v hyperfine > /dev/null; then
    hyperfine --runs "$RUNS" --warmup 1 -N \
        -n "traffic validate (1 doc)" "$BIN validate $one" \
        -n "check-crd-schema.py (1 doc)" "python3 $CHECKER $one" \
        -n "traffic validate ($DOCS docs)" "$BIN validate $(echo "$WORK"/*.yaml)" \
        -n "check-crd-schema.py ($DOCS docs)" "python3 $CHECKER $(echo "$WORK"/*.yaml)"
    exit 0
fi

# Median wall time of RUNS runs of a command, in seconds.
median() {
    local times=() t0 t1
    "$@" > /dev/null 2>&1 || true # warm-up
    for ((r = 0; r < RUNS; r++)); do
        t0=$(date +%s.%N)
        "$@" > /dev/null 2>&1 || true
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.4f", a[int((NR + 1) / 2)] }'
}

row() { printf '%-34s %9s s\n' "$1" "$2"; }
t_one=$(median "$BIN" validate "$one")
p_one=$(median python3 "$CHECKER" "$one")
t_all=$(median "$BIN" validate "$WORK"/*.yaml)
p_all=$(median python3 "$CHECKER" "$WORK"/*.yaml)
echo "median wall time of $RUNS runs:"
row "traffic validate (1 doc)" "$t_one"
row "check-crd-schema.py (1 doc)" "$p_one"
row "traffic validate ($DOCS docs)" "$t_all"
row "check-crd-schema.py ($DOCS docs)" "$p_all"
awk -v d="$DOCS" -v p="$p_all" -v t="$t_all" \
    'BEGIN { printf "speed-up on %s documents: %.1fx\n", d, p / t }'
