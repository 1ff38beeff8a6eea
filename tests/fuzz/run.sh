#!/usr/bin/env bash
# Runs each libFuzzer harness of build/fuzz for a set time on a copy of its seed corpus with its
# dictionary (`make fuzz`; FUZZ_SECONDS per harness, FUZZ_HARNESSES to pick some). The grown
# corpus, crash artifacts and the full log of each run stay in build/fuzz/run/<harness>/; a
# summary line per harness gives executions, exec/s, coverage and corpus size. Exits non-zero
# when any harness found a crash (copy the artifact into tests/fuzz/corpus/<harness>/ once fixed).
set -u
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
harnesses=${FUZZ_HARNESSES:-commands http search config}
bin=build/fuzz/tests/fuzz
symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for h in $harnesses; do
  work=build/fuzz/run/$h
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/$h/* "$work/corpus/"
  seeds=$(ls "$work/corpus" | wc -l)
  echo "fuzz: $h for ${seconds}s ($seeds seed inputs)"
  "$bin/fuzz_$h" "$work/corpus" -dict=tests/fuzz/$h.dict -max_total_time="$seconds" \
    -timeout=30 -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$work/log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
  last=$(grep -E '^#[0-9]+' "$work/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  corpus=$(ls "$work/corpus" | wc -l)
  echo "fuzz: $h: ${execs:-?} executions, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}," \
       "corpus $seeds -> $corpus"
  if [ $rc -ne 0 ]; then
    failed=1
    echo "fuzz: $h FAILED (exit $rc); artifacts: $(ls "$work/artifacts" | tr '\n' ' ')"
    grep -m1 -A12 -E 'ERROR: |FUZZ_CHECK failed|runtime error' "$work/log" | sed 's/^/  /'
  fi
done
exit $failed
