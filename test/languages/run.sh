#!/usr/bin/env bash
# Multi-language consumption test (issue 4).
#
# Builds the jsii packages of this library for Python, Java and Go, then runs, for every
# language whose toolchain is on the machine, a consumer app that installs the locally built
# package the way a team in that language would, synthesizes the stacks of
# reference-app.ts and compares its templates with the TypeScript ones (compare.js).
#
# Usage: test/languages/run.sh [--clean] [--sequential] [python] [java] [go]
#   --clean       delete every cache first (what a clean clone in CI sees)
#   --sequential  run the languages one after another (default: side by side)
#   languages     the ones to run (default: all)
#
# Prints one line per language ("python: passed", "java: skipped (mvn not found)", ...) and
# a closing "languages: N passed, N failed, N skipped" line; exits 1 if a language whose
# toolchain is present failed.
#
# Nothing is cached outside the clone: pip, Maven, Go and the jsii runtime keep their
# downloads in test/languages/.cache (kept between runs), and each run writes its package
# snapshot, cloud assemblies and logs to test/languages/.work.
#
# aws-cdk-lib and constructs come from each language's registry (PyPI, Maven Central, the Go
# module proxy) at the versions the TypeScript side runs with (node_modules): the library is
# built against aws-cdk-lib 2.263.0, the newest release all of them serve (.projenrc.ts).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="$HERE/.cache"
WORK="$HERE/.work"
OUT="$WORK/cdk.out"
LOGS="$WORK/logs"
PACKAGE="$WORK/package"

ALL_LANGUAGES=(python java go)
languages=()
clean=false
parallel=true
for arg in "$@"; do
  case "$arg" in
    --clean) clean=true ;;
    --sequential) parallel=false ;;
    python | java | go) languages+=("$arg") ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#languages[@]} -eq 0 ] && languages=("${ALL_LANGUAGES[@]}")

# ---------------------------------------------------------------------------------------------
# Caches inside the clone.
export npm_config_cache="$CACHE/npm"
export npm_config_update_notifier=false
export PIP_CACHE_DIR="$CACHE/pip"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# Bytecode of the modules actually imported goes to the cache, not next to the sources (pip
# installs aws-cdk-lib with --no-compile: byte-compiling all of it costs a minute or more).
export PYTHONPYCACHEPREFIX="$CACHE/pycache"
export GOPATH="$CACHE/go/path"
export GOMODCACHE="$CACHE/go/mod"
export GOCACHE="$CACHE/go/build"
export GOFLAGS="-modcacherw -buildvcs=false"
export JSII_RUNTIME_PACKAGE_CACHE_ROOT="$CACHE/jsii-runtime"
M2="$CACHE/m2"
# jsii prints a banner on every start on an end-of-life Node.js; it says nothing about us.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)"
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1

if $clean; then
  echo "languages: --clean: deleting caches and previous outputs"
  rm -rf "$CACHE" "$WORK" "$HERE/python/.venv" "$HERE/java/target" "$ROOT/dist/python" "$ROOT/dist/java" "$ROOT/dist/go"
fi
rm -rf "$WORK"
mkdir -p "$CACHE" "$OUT" "$LOGS"

started=$SECONDS
elapsed() { local s=$(($1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
# CPU seconds (user + system) of the commands this shell has run and waited for. `times` must
# run in this shell, not in a $(...) subshell, hence the file.
cpu_seconds() {
  local file="$WORK/.times.$BASHPID"
  times >"$file"
  CPU="$(tail -1 "$file" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%d", t }')"
  rm -f "$file"
}
log() { echo "[$(date +%H:%M:%S)] $*"; }
# Run a command, its output to the current language log; fail with a short reason.
step() {
  local reason="$1"; shift
  log "\$ $*"
  if ! "$@"; then
    echo "$reason" >"$STATUS"
    log "FAILED: $reason"
    return 1
  fi
}

pacmak() { (cd "$ROOT" && npx --no-install jsii-pacmak "$@"); }

# The versions the TypeScript side runs with: every language must run the same JavaScript.
CDK_VERSION="$(cd "$ROOT" && node -p 'require("aws-cdk-lib/package.json").version')"
CONSTRUCTS_VERSION="$(cd "$ROOT" && node -p 'require("constructs/package.json").version')"

# ---------------------------------------------------------------------------------------------
# 1. The library, once, as the npm package: every language is built from this snapshot.
prepare() {
  cd "$ROOT" || return 1
  if [ ! -f .jsii ] || [ ! -d lib ] || [ -n "$(find src -name '*.ts' -newer .jsii -print -quit)" ]; then
    log "compiling (lib/ and .jsii are missing or older than src/)"
    npx --no-install projen compile || return 1
  fi
  local tarball
  tarball="$(npm pack --silent --pack-destination "$WORK")" || return 1
  mkdir -p "$PACKAGE" && tar -xzf "$WORK/$tarball" -C "$PACKAGE" --strip-components=1 || return 1
  log "package snapshot: $WORK/$tarball (aws-cdk-lib $CDK_VERSION, constructs $CONSTRUCTS_VERSION)"
  HARDENED_DEMO_SERVICE_MODULE="$PACKAGE" npx --no-install ts-node -P tsconfig.dev.json --transpile-only \
    test/languages/reference-app.ts "$OUT/typescript"
}

# ---------------------------------------------------------------------------------------------
# Toolchains. Prints the reason to skip, if any.
missing_toolchain() {
  case "$1" in
    python)
      command -v python3 >/dev/null || { echo "python3 not found"; return; }
      python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' || { echo "python3 older than 3.9"; return; }
      python3 -c 'import venv, ensurepip' 2>/dev/null || echo "python3 has no venv/ensurepip"
      ;;
    java)
      command -v mvn >/dev/null || { echo "mvn not found"; return; }
      command -v javac >/dev/null || { echo "javac (a JDK) not found"; return; }
      local v; v="$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
      [ "${v:-0}" -ge 11 ] 2>/dev/null || echo "JDK older than 11"
      ;;
    go)
      command -v go >/dev/null || { echo "go not found"; return; }
      local need have
      need="$(sed -nE 's/^go ([0-9.]+).*/\1/p' "$HERE/go/go.mod")"
      have="$(go env GOVERSION | sed 's/^go//')"
      [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" = "$need" ] || echo "go $have older than go.mod's $need"
      ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Python: a venv in test/languages/python/.venv, aws-cdk-lib and constructs from PyPI, the
# built wheel, then pytest (which synthesizes the stacks and checks bad input).
# Registry work that does not need the library: the venv, aws-cdk-lib, constructs, pytest.
prefetch_python() {
  VENV="$HERE/python/.venv"
  if [ ! -x "$VENV/bin/python" ]; then
    step "could not create the venv" python3 -m venv "$VENV" || return
  fi
  step "pip install of aws-cdk-lib==$CDK_VERSION from PyPI failed" "$VENV/bin/python" -m pip install -q --no-compile \
    "aws-cdk-lib==$CDK_VERSION" "constructs==$CONSTRUCTS_VERSION" -r "$HERE/python/requirements-test.txt" || return
}

run_python() {
  step "jsii-pacmak -t python failed" pacmak -t python -o "$ROOT/dist" "$PACKAGE" || return
  local pip=("$VENV/bin/python" -m pip install -q)
  "$VENV/bin/python" -m pip uninstall -q -y cdk-hardened-demo-service >/dev/null 2>&1
  step "pip install of the built wheel failed" "${pip[@]}" "$ROOT"/dist/python/cdk_hardened_demo_service-*.whl || return
  step "pip check failed" "$VENV/bin/python" -m pip check || return
  (cd "$HERE/python" && step "pytest failed" env LANGUAGES_OUTDIR="$OUT/python" "$VENV/bin/python" -m pytest -p no:cacheprovider -v) || return
}

# ---------------------------------------------------------------------------------------------
# Java: the clone-local Maven repository test/languages/.cache/m2, the built jar installed into
# it, then `mvn test` (JUnit: synthesizes the stacks, enums, structs, factories, bad input).
mvn_q() { mvn -B -q -Dmaven.repo.local="$M2" "$@"; }

prefetch_java() {
  # aws-cdk-lib and everything it depends on, from Maven Central into the clone-local repository.
  step "aws-cdk-lib $CDK_VERSION and its dependencies could not be fetched from Maven Central" \
    mvn_q dependency:get -Dartifact="software.amazon.awscdk:aws-cdk-lib:$CDK_VERSION" || return
  step "constructs $CONSTRUCTS_VERSION could not be fetched from Maven Central" \
    mvn_q dependency:get -Dartifact="software.constructs:constructs:$CONSTRUCTS_VERSION" || return
}

run_java() {
  # The javadoc jar is not what a consumer compiles against: skip it (it takes a minute).
  step "jsii-pacmak -t java failed" pacmak -t java --maven-local-repository "$M2" --mvn-define=maven.javadoc.skip=true \
    -o "$ROOT/dist" "$PACKAGE" || return
  local jar pom
  jar="$(ls "$ROOT"/dist/java/io/github/hardeneddemo/cdk-hardened-demo-service/*/cdk-hardened-demo-service-*[0-9].jar | head -1)"
  pom="${jar%.jar}.pom"
  step "mvn install:install-file failed" mvn_q install:install-file -Dfile="$jar" -DpomFile="$pom" || return
  local version; version="$(basename "$(dirname "$jar")")"
  (cd "$HERE/java" && step "mvn test failed" mvn -B -ntp -Dmaven.repo.local="$M2" -Dhds.version="$version" \
    -Dcdk.version="$CDK_VERSION" -Dconstructs.version="$CONSTRUCTS_VERSION" -Doutdir="$OUT/java" test) || return
}

# ---------------------------------------------------------------------------------------------
# Go: go.mod replaces the module with dist/go/cdkhardeneddemoservice; `go test` synthesizes
# the stacks (TestSynth) and checks enums and bad input.
prefetch_go() {
  local required
  required="$(sed -nE 's#^[[:space:]]+github\.com/aws/aws-cdk-go/awscdk/v2 v([^ ]+)$#\1#p' "$HERE/go/go.mod")"
  if [ "$required" != "$CDK_VERSION" ]; then
    echo "go.mod requires aws-cdk-go $required, the TypeScript side runs $CDK_VERSION" >"$STATUS"
    log "FAILED: test/languages/go/go.mod requires github.com/aws/aws-cdk-go/awscdk/v2 v$required; set it to v$CDK_VERSION"
    return 1
  fi
  # The modules the consumer needs besides the library (go.mod's other requirements).
  local modules
  modules="$(sed -nE 's#^[[:space:]]+(github\.com/aws/[^ ]+) (v[^ ]+)$#\1@\2#p' "$HERE/go/go.mod")"
  # shellcheck disable=SC2086
  step "go mod download failed" go mod download $modules || return
}

run_go() {
  step "jsii-pacmak -t go failed" pacmak -t go -o "$ROOT/dist" "$PACKAGE" || return
  (cd "$HERE/go" && step "go test failed" env LANGUAGES_OUTDIR="$OUT/go" go test -mod=mod -count=1 -v .) || return
}

# ---------------------------------------------------------------------------------------------
run_language() {
  local language="$1"
  STATUS="$WORK/$language.status"
  local start=$SECONDS
  : >"$STATUS"
  {
    log "$language: start"
    "prefetch_$language"
    # The library snapshot and the TypeScript reference come from prepare(), running meanwhile.
    while [ ! -f "$WORK/prepare.done" ]; do sleep 2; done
    if [ -s "$STATUS" ]; then
      :
    elif [ "$(cat "$WORK/prepare.done")" != ok ]; then
      echo "not run (the package or the TypeScript reference failed)" >"$STATUS"
    else
      "run_$language"
      if [ ! -s "$STATUS" ]; then
        log "comparing with the TypeScript templates"
        if node "$HERE/compare.js" "$OUT/typescript" "$OUT/$language" "$language"; then
          echo "passed" >"$STATUS"
        else
          echo "failed (templates differ from TypeScript)" >"$STATUS"
        fi
      fi
    fi
    log "$language: $(cat "$STATUS") in $(elapsed $((SECONDS - start)))"
  } >"$LOGS/$language.log" 2>&1
  # Wall time, and the CPU time of everything this language ran (a fairer measure on a
  # machine that is busy with other work).
  local CPU
  cpu_seconds
  echo "$(elapsed $((SECONDS - start))), CPU $(elapsed "$CPU")" >"$WORK/$language.time"
}

declare -A skip=()
for language in "${languages[@]}"; do
  reason="$(missing_toolchain "$language")"
  [ -n "$reason" ] && skip[$language]="$reason"
done

echo "languages: building the package snapshot and the TypeScript reference (log: ${LOGS#"$ROOT"/}/prepare.log)"
pids=()
if $parallel; then
  # Each language fetches (or builds) aws-cdk-lib while the library is being packed.
  for language in "${languages[@]}"; do
    [ -n "${skip[$language]:-}" ] && continue
    run_language "$language" &
    pids+=($!)
  done
fi
if prepare >"$LOGS/prepare.log" 2>&1; then
  echo ok >"$WORK/prepare.done.tmp"
  echo "typescript: reference synthesized ($(elapsed $((SECONDS - started))))"
else
  echo failed >"$WORK/prepare.done.tmp"
  tail -n 40 "$LOGS/prepare.log"
  echo "typescript: failed (could not build the package or synthesize the reference app)"
fi
mv "$WORK/prepare.done.tmp" "$WORK/prepare.done"
if ! $parallel; then
  for language in "${languages[@]}"; do
    [ -n "${skip[$language]:-}" ] || run_language "$language"
  done
fi
for pid in "${pids[@]}"; do wait "$pid"; done
[ "$(cat "$WORK/prepare.done")" = ok ] || { echo "languages: 0 passed, 1 failed"; exit 1; }

passed=0 failed=0 skipped=0
for language in "${languages[@]}"; do
  if [ -n "${skip[$language]:-}" ]; then
    echo "$language: skipped (${skip[$language]})"
    skipped=$((skipped + 1))
    continue
  fi
  status="$(cat "$WORK/$language.status" 2>/dev/null)"
  if [ "$status" = passed ]; then
    echo "$language: passed ($(cat "$WORK/$language.time"))"
    passed=$((passed + 1))
  else
    echo "---- last lines of ${LOGS#"$ROOT"/}/$language.log"
    tail -n 40 "$LOGS/$language.log"
    echo "----"
    echo "$language: ${status:-failed} ($(cat "$WORK/$language.time" 2>/dev/null))"
    failed=$((failed + 1))
  fi
done
if command -v dotnet >/dev/null; then
  echo "dotnet: skipped (no .NET consumer app yet; the package builds with npx projen package:dotnet)"
else
  echo "dotnet: skipped (dotnet not found; the package builds with npx projen package:dotnet on a .NET 6+ SDK)"
fi
skipped=$((skipped + 1))
cpu_seconds
echo "languages: $passed passed, $failed failed, $skipped skipped (total $(elapsed $((SECONDS - started))), CPU $(elapsed "$CPU"))"
[ "$failed" -eq 0 ]
