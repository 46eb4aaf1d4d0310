#!/usr/bin/env bash
# Stops the servers started by scripts/infra/up.sh, by their recorded pids: SIGTERM, then
# SIGKILL after INFRA_STOP_TIMEOUT seconds (default 30). Idempotent.
#
#   bash scripts/infra/down.sh               # all three
#   bash scripts/infra/down.sh kafka         # only some
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

services=("$@")
(( ${#services[@]} > 0 )) || services=("${INFRA_SERVICES[@]}")
for svc in "${services[@]}"; do
  case "$svc" in kafka|mongo|redis) ;; *) die "unknown service '$svc' (expected: ${INFRA_SERVICES[*]})" ;; esac
done

[[ -d "$INFRA_PID_DIR" ]] || { log "nothing to stop (no $INFRA_PID_DIR)"; exit 0; }

# Stop them side by side; each waits for its own process.
pids=()
for svc in "${services[@]}"; do
  stop_service "$svc" &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit "$rc"
