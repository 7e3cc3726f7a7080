# Shared by the shell scripts in tools/ (source it; it is not a command):
#
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
#
# sets ROOT (the repository root, also the working directory), VENV (the active virtual
# environment, else .venv/), PY (its python), exports the run environment of
# tools/run.env, and defines `step TITLE` (a section heading in the log).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VIRTUAL_ENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
while IFS='=' read -r name value; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    export "$name=$value"
done < "$ROOT/tools/run.env"

step() { printf '\n=== %s (at %d s) ===\n' "$*" "$SECONDS"; }
