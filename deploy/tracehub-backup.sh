#!/bin/sh
# Writes one backup archive into $BACKUP_DIR (tracehub-YYYYmmddTHHMMSSZ.tar) with the server's settings
# (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL from the environment / .env of the working directory),
# then deletes all but the newest $KEEP archives. Exits non-zero (and keeps every old archive) when the
# backup fails. Used by deploy/systemd/tracehub-backup.service; cron works the same way.
set -eu
BACKUP_DIR="${BACKUP_DIR:-/var/backups/tracehub}"
KEEP="${KEEP:-14}"
APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
case "$KEEP" in ''|*[!0-9]*) echo "KEEP must be a whole number, got '$KEEP'" >&2; exit 2;; esac
[ "$KEEP" -ge 1 ] || { echo "KEEP must be at least 1" >&2; exit 2; }
mkdir -p "$BACKUP_DIR"
out="$BACKUP_DIR/tracehub-$(date -u +%Y%m%dT%H%M%SZ).tar"
node "$APP_DIR/packages/cli/bin/tracehub.js" backup --out "$out"
# Newest first; everything after the first $KEEP goes.
ls -1t "$BACKUP_DIR"/tracehub-*.tar 2>/dev/null | tail -n +"$((KEEP + 1))" | while IFS= read -r old; do rm -f -- "$old"; done
