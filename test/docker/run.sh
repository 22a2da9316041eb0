#!/usr/bin/env bash
# npm run test:docker — the emulator against the real Docker Engine 26.1 (see test/docker/README.md).
#
#   1. start the reference engine (test/docker/engine.sh) unless it is up, load the fixture images
#   2. re-record every scenario and fail on drift: any scenarios/**/expected/*.json that changed
#      means Docker changed or the recorder is not deterministic (the diff is printed)
#   3. the differential property test (test/docker/*.test.ts) for both builders
#   4. stop the engine, only if step 1 started it
#
#   test/docker/run.sh [--skip-record] [--skip-property] [vitest args...]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ENGINE=$HERE/engine.sh
cd "$REPO"

record=1 property=1 vitest_args=()
for a in "$@"; do
  case $a in
    --skip-record) record=0 ;;
    --skip-property) property=0 ;;
    *) vitest_args+=("$a") ;;
  esac
done

log() { printf '\ntest:docker: %s\n' "$*" >&2; }

started=0
if "$ENGINE" status >/dev/null 2>&1; then
  log "reference engine already running: left running afterwards"
else
  log "starting the reference engine"
  "$ENGINE" start >/dev/null
  started=1
fi
snap=$(mktemp -d)
cleanup() {
  rm -rf "$snap"
  if ((started)); then log "stopping the engine this run started"; "$ENGINE" stop || true; fi
}
trap cleanup EXIT
eval "$("$ENGINE" env)"
"$HERE/images.sh"

# snapshot DIR: a copy of every scenarios/**/expected/*.json under DIR.
snapshot() {
  mkdir -p "$1"
  (cd scenarios && find . -path '*/expected/*.json' -print0 | tar --null -T - -cf -) | tar -xf - -C "$1"
}

status=0
t0=$SECONDS
if ((record)); then
  # Snapshot, not git: drift is what this run's re-recording changed, whatever the checkout holds.
  snapshot "$snap/before"
  log "re-recording every scenario"
  if ! npm run --silent scenarios:record; then log "FAIL: the recorder skipped or errored on some case (above)"; status=1; fi
  snapshot "$snap/after"
  # Some results depend on timing (which stages BuildKit had started when a build failed, which
  # of two missing sources it reports): a case that changed is built again, and only one whose
  # recorded result does not come back in three more builds has drifted.
  for changed in $(diff -rq "$snap/before" "$snap/after" | sed -n 's#^Files [^ ]*/before/\(.*\)/expected/\([a-z]*\)\.json and .*#\1:\2#p'); do
    id=${changed%:*} builder=${changed#*:}
    for attempt in 1 2 3; do
      npm run --silent scenarios:record -- --builder "$builder" "$id" >/dev/null 2>&1 || true
      if cmp -s "$snap/before/$id/expected/$builder.json" "scenarios/$id/expected/$builder.json"; then
        log "$id [$builder]: Docker gave another result once, then the recorded one again (attempt $attempt): timing-dependent, not drift"
        cp "scenarios/$id/expected/$builder.json" "$snap/after/$id/expected/$builder.json"
        break
      fi
    done
  done
  if diff -ruN "$snap/before" "$snap/after" >"$snap/drift.diff"; then
    log "no drift: every expected file is as recorded ($((SECONDS - t0)) s)"
  else
    cat "$snap/drift.diff"
    log "FAIL: DRIFT — the real builds no longer give the recorded results (diff above): Docker changed, or the recorder is not deterministic"
    status=1
  fi
fi

if ((property)); then
  t1=$SECONDS
  log "differential property test (DFSIM_RUNS=${DFSIM_RUNS:-default} per builder)"
  if ! npx vitest run --config test/docker/vitest.config.ts "${vitest_args[@]}"; then status=1; fi
  log "property tests took $((SECONDS - t1)) s"
fi

log "total $((SECONDS)) s"
exit "$status"
