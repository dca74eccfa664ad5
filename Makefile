# Developer and CI tasks for Modellportalen.
#
# `make run` and `make test` use DATABASE_URL when it is set; otherwise they
# start (or reuse) a development PostgreSQL cluster in .pgdata/ with cmd/devdb
# and use its URL. `go run ./cmd/devdb start|stop|url` manages it by hand.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# The steps of `test` must run in order: vet compiles what generate writes.
.NOTPARALLEL:

GO ?= go
TEMPL := $(GO) tool templ

# Shell snippet for recipes: export DATABASE_URL, starting devdb if unset.
USE_DB = if [ -z "$${DATABASE_URL:-}" ]; then DATABASE_URL="$$($(GO) run ./cmd/devdb start)"; fi; export DATABASE_URL

# Checksums of the generated templ files, to tell whether generate changed any.
# Hidden directories (.git, .pgdata) and node_modules hold none of ours.
TEMPL_SUMS = find . \( -path './.*' -o -name node_modules -o -path ./bin \) -prune -o -name '*_templ.go' -print | LC_ALL=C sort | xargs -r sha256sum

.PHONY: help run build generate test deps check-generated vet db-start db-stop clean bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: build ## migrate, seed and serve the portal on a local database
	@$(USE_DB); \
	bin/portal migrate; \
	bin/portal seed --demo; \
	exec bin/portal serve

build: generate ## build bin/portal
	$(GO) build -o bin/portal ./cmd/portal

generate: ## regenerate *_templ.go from the .templ files
	@$(TEMPL) generate -log-level error

test: deps check-generated vet ## what CI runs: stale-templ check, gofmt, vet and all tests
	@$(USE_DB); \
	echo "testing against $$DATABASE_URL" >&2; \
	$(GO) test -count=1 -p 2 -timeout 30m ./...

deps: ## install missing system packages (Chromium, PostgreSQL)
	@bash .ci/deps.sh

# Compares before and after rather than asking git, so that a developer's
# uncommitted but up-to-date files pass too; in CI's fresh clone it amounts to
# the same thing. A failing run leaves the files regenerated, ready to commit.
check-generated: ## fail if committed *_templ.go files are stale
	@before="$$($(TEMPL_SUMS))"; \
	$(TEMPL) generate -log-level error; \
	after="$$($(TEMPL_SUMS))"; \
	if [ "$$before" != "$$after" ]; then \
		echo "Generated templ files were stale (< before, > after generate):" >&2; \
		diff <(echo "$$before") <(echo "$$after") >&2 || true; \
		echo "They are regenerated now: review and commit them." >&2; \
		exit 1; \
	fi

vet: ## gofmt check, go vet and staticcheck (which also finds what nothing calls)
	@unformatted="$$(gofmt -l $$($(GO) list -f '{{.Dir}}' ./...) | LC_ALL=C sort -u)"; \
	if [ -n "$$unformatted" ]; then \
		echo "Not gofmt-formatted (run gofmt -w):" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# Runs on a private PostgreSQL cluster of its own, never on DATABASE_URL.
bench: generate ## load-test the portal on a private database with the bulk data set (about 3 minutes)
	$(GO) run ./cmd/bench

db-start: ## start the development database and print its URL
	@$(GO) run ./cmd/devdb start

db-stop: ## stop the development database
	@$(GO) run ./cmd/devdb stop

clean: db-stop ## stop the development database and remove bin/
	rm -rf bin
