#!/usr/bin/env bash
# Makes (or reuses) the Python venv with pinned pyspark, and prints its path on stdout.
# The venv lives outside the clone, keyed by the pinned pyspark version:
#   ${ECOMFLOW_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/ecomflow/pyspark-<version>}
# A marker file records the requirements it was made with; a change of them re-runs pip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/requirements.txt"
version="$(sed -n 's/^pyspark==//p' "$requirements")"
venv="${ECOMFLOW_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/ecomflow/pyspark-$version}"
marker="$venv/.ecomflow-requirements"
if [[ -x "$venv/bin/python" ]] && cmp -s "$requirements" "$marker"; then
  echo "$venv"
  exit 0
fi
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
[[ -n "$python" ]] || { echo "spark venv: python3 not found" >&2; exit 1; }
command -v java >/dev/null || { echo "spark venv: java not found (Spark 4 needs Java 17 or 21)" >&2; exit 1; }
mkdir -p "$(dirname "$venv")"
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv" >&2
echo "spark venv: pip install -r $requirements into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
cp "$requirements" "$marker"
echo "$venv"
