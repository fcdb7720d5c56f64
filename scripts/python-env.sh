# Sourced by scripts/test.sh, scripts/checks/*.sh and the other scripts: the one Python the tests and checks use.
#   DLENV_PYTHON   the interpreter (default: .venv/bin/python, the virtual environment scripts/setup.sh creates,
#                  else python3 on PATH so the tests still run where there is no venv)
# The venv's bin folder goes first on PATH, so the tools installed into it (hadolint, kubernetes-validate,
# check-jsonschema) are the ones found. Exported, so `swift test` and its child processes see the same choice.
_dlenv_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${DLENV_PYTHON:-}" ]; then
    if [ -x "$_dlenv_root/.venv/bin/python" ]; then DLENV_PYTHON="$_dlenv_root/.venv/bin/python"; else DLENV_PYTHON=python3; fi
fi
[ -d "$_dlenv_root/.venv/bin" ] && case ":$PATH:" in *":$_dlenv_root/.venv/bin:"*) ;; *) PATH="$_dlenv_root/.venv/bin:$PATH" ;; esac
export DLENV_PYTHON PATH
unset _dlenv_root
