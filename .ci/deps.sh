#!/usr/bin/env bash
# Installs the system packages that `make test` and `make run` need, when they
# are missing: Chromium for the browser tests and the PostgreSQL server that
# cmd/devdb runs. Go modules and tools (templ) come through `go` itself.
# It does nothing, quickly, when everything is there.
set -euo pipefail

# Same search as cmd/devdb: any installed server will do, 15 is preferred.
have_postgres() {
	local dir
	for dir in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
		[ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && return 0
	done
	command -v pg_ctl >/dev/null && command -v initdb >/dev/null
}

missing=()
if [ ! -x /usr/bin/chromium ]; then
	missing+=(chromium fonts-dejavu-core)
fi
if ! have_postgres; then
	missing+=(postgresql-15)
fi
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null; then
	sudo=(sudo)
else
	echo "deps: missing ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null; then
	echo "deps: missing ${missing[*]}; this script knows only Debian's apt-get, install them by hand" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
# A release without PostgreSQL 15 gets its default version; devdb takes any.
if ! apt-cache show postgresql-15 >/dev/null 2>&1; then
	missing=("${missing[@]/#postgresql-15/postgresql}")
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
