#!/usr/bin/env bash
# Publishes the site to a folder served by the intranet's web server (nginx, Apache, IIS share).
#   ./publish.sh /var/www/pac     builds into /var/www/pac/releases/<date>-<commit>, then points
#                                 /var/www/pac/current at it in one atomic step.
# Point the web server at <target>/current. A failed build changes nothing; the previous
# releases are kept (KEEP, default 5) for rollback:
#   ln -sfn releases/<previous> <target>/current.new && mv -Tf <target>/current.new <target>/current
set -euo pipefail

target="${1:?usage: publish.sh TARGET_FOLDER}"
keep="${KEEP:-5}"
cd "$(dirname "$0")"

if git rev-parse --git-dir >/dev/null 2>&1; then
  stamp="$(git log -1 --format=%cd-%h --date=format:%Y%m%d-%H%M%S)"
  export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
else
  stamp="$(date +%Y%m%d-%H%M%S)"
fi

mkdir -p "$target/releases"
release="$target/releases/$stamp"
building="$release.building"
rm -rf "$building"
mkdocs build --strict --site-dir "$building"
rm -rf "$release"
mv "$building" "$release"

# Switch: a new symlink renamed over the old one, so readers see the old site or the new one.
ln -sfn "releases/$stamp" "$target/current.new"
mv -Tf "$target/current.new" "$target/current"
echo "published $release"

# Keep the newest releases only.
ls -1dt "$target"/releases/*/ | tail -n +"$((keep + 1))" | xargs -r rm -rf
