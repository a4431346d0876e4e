#!/usr/bin/env bash
# Runs every libFuzzer target of the `fuzz` preset's build for FUZZ_SECONDS each (default
# 60), one after the other (the fuzzers are single processes: the machine is shared), and
# prints what each reached. Any crash, sanitizer report, leak or timeout fails the run.
#
#   FUZZ_SECONDS=20         time per target (CI runs a short pass)
#   FUZZ_TARGETS="ws_frame" only these targets (names without the fuzz_ prefix)
#   FUZZ_MERGE=1            afterwards, merge what was found into fuzz/corpus/<target>/
#                           (minimised: only inputs that add coverage), to commit as seeds
#
# Each target starts from its seeds in fuzz/corpus/<target>/ (real requests, frames and
# bodies, and the reproducers of crashes found before, named crash-*, which therefore run
# as regression inputs first) plus its working corpus in $BUILD_DIR/fuzz-work/, which
# carries on from the previous run on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
work="$BUILD_DIR/fuzz-work"

targets=()
if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  for exe in "$BUILD_DIR"/fuzz/fuzz_*; do
    targets+=("${exe##*/fuzz_}")
  done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $BUILD_DIR/fuzz (run make fuzz)" >&2; exit 1; }

failed=()
summary=()
for name in "${targets[@]}"; do
  exe="$BUILD_DIR/fuzz/fuzz_$name"
  seeds="fuzz/corpus/$name"
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  rm -f "$work/$name/artifacts/"*
  args=(-max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1
        -artifact_prefix="$work/$name/artifacts/")
  [ -f "fuzz/dict/$name.dict" ] && args+=(-dict="fuzz/dict/$name.dict")
  echo "=== fuzz_$name: ${FUZZ_SECONDS}s"
  start=$(date +%s)
  status=0
  "$exe" "${args[@]}" "$work/$name/corpus" "$seeds" >"$work/$name/log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  # libFuzzer's last status line: "#N DONE cov: C ft: F corp: U/S lim: L exec/s: E rss: R"
  line=$(grep -E '^#[0-9]+' "$work/$name/log" | tail -1 || true)
  execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$line")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$line")
  corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$line")
  rate=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$line")
  summary+=("$(printf '%-18s %6ss %10s %8s %6s %7s %6s' "$name" "$elapsed" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}")")
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
    echo "--- fuzz_$name failed (exit $status); the end of its log ($work/$name/log):" >&2
    grep -vE '^#[0-9]+ +(NEW|REDUCE|pulse)' "$work/$name/log" | tail -60 >&2
    for artifact in "$work/$name/artifacts/"*; do
      [ -e "$artifact" ] || continue
      echo "reproduce: $exe $artifact" >&2
      echo "keep it as a regression input: cp $artifact $seeds/crash-<what-it-is>" >&2
    done
  fi
  if [ "${FUZZ_MERGE:-0}" = 1 ] && [ "$status" -eq 0 ]; then
    "$exe" -merge=1 "$seeds" "$work/$name/corpus" >"$work/$name/merge.log" 2>&1
  fi
done

echo
printf '%-18s %7s %10s %8s %6s %7s %6s\n' target time execs exec/s cov ft corpus
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
