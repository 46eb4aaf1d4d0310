#!/usr/bin/env bash
# Prints which of the servers started by scripts/infra/up.sh are up.
# Exit status 0 when all asked for (default: all three) are up and healthy, 1 otherwise.
#
#   bash scripts/infra/status.sh [kafka|mongo|redis ...]
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

services=("$@")
(( ${#services[@]} > 0 )) || services=("${INFRA_SERVICES[@]}")
rc=0
for svc in "${services[@]}"; do
  case "$svc" in kafka|mongo|redis) ;; *) die "unknown service '$svc' (expected: ${INFRA_SERVICES[*]})" ;; esac
  port="$(service_port "$svc")"
  if service_healthy "$svc"; then
    printf '%-6s up        pid %-8s %s:%s\n' "$svc" "$(service_pid "$svc")" "$INFRA_HOST" "$port"
  elif pid="$(service_pid "$svc")"; then
    printf '%-6s starting  pid %-8s %s:%s (not answering yet; log %s)\n' "$svc" "$pid" "$INFRA_HOST" "$port" "$(service_log "$svc")"
    rc=1
  elif port_open "$port"; then
    printf '%-6s down      (port %s:%s is taken by another process: %s)\n' "$svc" "$INFRA_HOST" "$port" "$(port_owner "$port" || true)"
    rc=1
  else
    printf '%-6s down\n' "$svc"
    rc=1
  fi
done
exit "$rc"
