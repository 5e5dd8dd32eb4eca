#!/usr/bin/env bash
# Publishes the site to a folder served by the intranet's web server (nginx, Apache, IIS share).
#   ./publish.sh "/srv/Intranet Sites/pac"
# builds into <target>/releases/<date>-<commit>, then points <target>/current at it in one
# atomic step. Point the web server at <target>/current.
#
# - A failed or killed build changes nothing: readers keep the site they had.
# - Publishing the same commit again makes a new release (<date>-<commit>-2): the live one is
#   never removed before the new one is in place.
# - Two runs at once take turns (a lock in <target>), so neither deletes the other's work.
# - Any folder name works, spaces included. The newest releases are kept (KEEP, default 5,
#   the live one included) for rollback:
#     ln -sfn "releases/<previous>" "<target>/current.new" && mv -Tf "<target>/current.new" "<target>/current"
set -euo pipefail
export NO_MKDOCS_2_WARNING=1  # Material's end-of-life notice: see pacsite's docs on generators

target="${1:?usage: publish.sh TARGET_FOLDER}"
keep="${KEEP:-5}"
case "$keep" in '' | *[!0-9]* | 0) echo "KEEP must be a whole number from 1" >&2; exit 2 ;; esac

# The environment the README's install line made in .venv, also when run from cron.
here="$(cd -- "$(dirname -- "$0")" && pwd -P)"
if [ -x "$here/.venv/bin/mkdocs" ]; then
  PATH="$here/.venv/bin:$PATH"
fi
if ! command -v mkdocs >/dev/null 2>&1 || ! command -v pacsite >/dev/null 2>&1; then
  echo "publish.sh: pacsite is not installed here; from $here, run once:" >&2
  echo "  python3 -m venv .venv && . .venv/bin/activate && @INSTALL@" >&2
  exit 2
fi

mkdir -p -- "$target/releases"
target="$(cd -- "$target" && pwd -P)"  # absolute, before leaving the caller's folder
cd -- "$here"

# One publication at a time in this target: the next one waits for the lock.
exec 9>"$target/.publish.lock"
flock 9

if git rev-parse --git-dir >/dev/null 2>&1; then
  stamp="$(git log -1 --format=%cd-%h --date=format:%Y%m%d-%H%M%S)"
  SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
  export SOURCE_DATE_EPOCH
else
  stamp="$(date +%Y%m%d-%H%M%S)"
fi

# What a killed run left (under the lock, no other run is building).
find "$target/releases" -mindepth 1 -maxdepth 1 -name '*.building-*' -exec rm -rf -- {} +

name="$stamp"
n=2
while [ -e "$target/releases/$name" ]; do
  name="$stamp-$n"
  n=$((n + 1))
done
building="$target/releases/$name.building-$$"
trap 'rm -rf -- "$building"' EXIT
mkdocs build --strict --site-dir "$building"
mv -T -- "$building" "$target/releases/$name"
trap - EXIT

# Switch: a new symlink renamed over the old one, so readers see the old site or the new one.
ln -sfn -- "releases/$name" "$target/current.new"
mv -Tf -- "$target/current.new" "$target/current"
echo "published $target/releases/$name"

# Keep the live release and the newest others, KEEP in all; names are read NUL-separated.
live="$(readlink -- "$target/current")"
kept=1
while IFS= read -r -d '' entry; do
  release="${entry#*$'\t'}"
  [ "releases/$release" = "$live" ] && continue
  if [ "$kept" -lt "$keep" ]; then
    kept=$((kept + 1))
  else
    rm -rf -- "$target/releases/$release"
  fi
done < <(find "$target/releases" -mindepth 1 -maxdepth 1 -type d ! -name '*.building-*' \
  -printf '%T@\t%f\0' | sort -z -r -n)
