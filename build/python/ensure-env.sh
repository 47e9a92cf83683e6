#!/usr/bin/env bash
# Makes the Python environment the real-engine and official-client tests run in, and prints its python's path.
# The environment lives in target/python-env at the repository's root (or $FINETUNE4J_PYTHON_ENV) and is made again
# only when requirements.txt changes. Packages come from pip's configured indexes; nothing is downloaded at test time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
env_dir="${FINETUNE4J_PYTHON_ENV:-$root/target/python-env}"
python="${FINETUNE4J_PYTHON:-python3}"
stamp="$env_dir/.requirements.sha256"
wanted="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"

if [ -x "$env_dir/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "$env_dir/bin/python"
  exit 0
fi

command -v "$python" >/dev/null || { echo "ensure-env: $python not found; install Python 3.10 or newer" >&2; exit 3; }
mkdir -p "$(dirname "$env_dir")"
lock="$env_dir.lock"
exec 9>"$lock"
flock 9
# another build may have made it while this one waited for the lock
if [ -x "$env_dir/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "$env_dir/bin/python"
  exit 0
fi
rm -rf "$env_dir"
"$python" -m venv "$env_dir" >&2
# On a machine whose pip is set up with local indexes (global.extra-index-url), use only those: asking the public
# index as well would wait for a network that is not there.
index_args=()
read -r -a local_indexes <<< "$("$python" -m pip config get global.extra-index-url 2>/dev/null || true)"
if [ "${#local_indexes[@]}" -gt 0 ]; then
  index_args+=(--index-url "${local_indexes[0]}")
  for url in "${local_indexes[@]:1}"; do index_args+=(--extra-index-url "$url"); done
fi
"$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check "${index_args[@]}" \
  -r "$here/requirements.txt" >&2
echo "$wanted" > "$stamp"
echo "$env_dir/bin/python"
