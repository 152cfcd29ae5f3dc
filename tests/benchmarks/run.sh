#!/usr/bin/env bash
# Speed and memory benchmark of tofu-oci against its named peers (issue #3 §8); see README.md here.
# Not part of tests/run.sh or CI. Needs bash, GNU time, docker-registry, skopeo, curl, unzip, zip, jq
# (installed from Debian when run as root) and the .NET SDK. About 5–10 minutes on 2 cores.
#
# Environment:
#   BENCH_RUNS=5          timed runs per tool and scenario (interleaved A,B,A,B…; medians reported)
#   BENCH_BIG_MB=120      size of the one-platform release's zip
#   BENCH_SMALL_MB=30     size of each zip of the nine-platform release
#   BENCH_HUGE_MB=1024    size of the package for the peak-RSS check; 0 skips it (it is also sized
#                         down automatically when the work directory's file system is short of space)
#   BENCH_WORK=<dir>      work directory (default: a new directory under ${TMPDIR:-/tmp}); removed at the end
#   BENCH_KEEP=1          keep the work directory
#   BENCH_BUILD=native    which tofu-oci to measure: "native" (ahead-of-time compiled for this machine's
#                         runtime identifier, the build we ship for the CLI) or "jit" (the framework-
#                         dependent build that `dotnet tool install` gives)
#   BENCH_RESULTS=<file>  where to write the markdown results
#                         (default: tests/benchmarks/results-<UTC date>.md)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

runs="${BENCH_RUNS:-5}"
big_mb="${BENCH_BIG_MB:-120}"
small_mb="${BENCH_SMALL_MB:-30}"
huge_mb="${BENCH_HUGE_MB:-1024}"
results="${BENCH_RESULTS:-$here/results-$(date -u +%Y-%m-%d).md}"
[ "$runs" -ge 5 ] || echo "run.sh: BENCH_RUNS=$runs is below the 5 runs the issue asks for" >&2

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v jq >/dev/null 2>&1 || need+=(jq)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need[*]}"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || die "apt-get install ${need[*]} failed"
  else
    die "the benchmark needs ${need[*]}; install them (Debian: sudo apt-get install -y ${need[*]}) and run again."
  fi
fi
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"

# ---------------------------------------------------------------- work directory, cleanup
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/tofuoci-bench.XXXXXX")}"
mkdir -p "$work"
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP:-0}" != "1" ]; then rm -rf "$work"; else log "kept $work"; fi
}
trap cleanup EXIT

# skopeo's blob-info cache remembers where blobs were seen (and so enables mounts and skips); it is
# removed before every skopeo run so skopeo starts as cold as tofu-oci, which keeps no such cache.
skopeo_caches=("$HOME/.local/share/containers/cache/blob-info-cache-v1.boltdb")
[ "$(id -u)" = "0" ] && skopeo_caches+=("/var/lib/containers/cache/blob-info-cache-v1.boltdb")
clear_skopeo_cache() { rm -f "${skopeo_caches[@]}"; }

# ---------------------------------------------------------------- build the CLI once (not timed)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
build="${BENCH_BUILD:-native}"
case "$build" in
  native)
    rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
    [ -n "$rid" ] || die "could not read the runtime identifier from dotnet --info"
    log "dotnet publish src/OpenTofuOci.Cli -c Release -r $rid -p:PublishAot=true"
    dotnet publish "$root/src/OpenTofuOci.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$work/cli" >"$work/publish.log" 2>&1 \
      || { cat "$work/publish.log" >&2; die "dotnet publish (native) failed"; }
    build_text="native (ahead-of-time compiled, $rid)";;
  jit)
    log "dotnet publish src/OpenTofuOci.Cli -c Release"
    dotnet publish "$root/src/OpenTofuOci.Cli" -c Release -o "$work/cli" >"$work/publish.log" 2>&1 \
      || { cat "$work/publish.log" >&2; die "dotnet publish failed"; }
    build_text="framework-dependent (JIT), as \`dotnet tool install\` gives";;
  *) die "BENCH_BUILD must be native or jit, not $build";;
esac
if [ -x "$work/cli/tofu-oci" ]; then tofu=("$work/cli/tofu-oci"); else tofu=(dotnet "$work/cli/tofu-oci.dll"); fi
"${tofu[@]}" --help >/dev/null 2>&1 || die "the published tofu-oci does not run"

# ---------------------------------------------------------------- registry
mkdir -p "$work/registry/data"
cat >"$work/registry/config.yml" <<EOF
version: 0.1
log: { level: info, accesslog: { disabled: true } }
storage:
  filesystem: { rootdirectory: $work/registry/data }
  delete: { enabled: true }
http:
  addr: 127.0.0.1:0
  secret: tofuoci-bench-secret
EOF
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
registry_pid=$!
reg=""
for _ in $(seq 1 200); do
  reg="$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$work/registry/log" | head -n 1 | sed 's/listening on //' || true)"
  [ -n "$reg" ] && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$work/registry/log" >&2; die "docker-registry exited"; }
  sleep 0.05
done
[ -n "$reg" ] || die "docker-registry did not report its address"
log "docker-registry $(docker-registry --version 2>/dev/null | awk '{print $NF}') on $reg"

# ---------------------------------------------------------------- provider releases
# Incompressible zips (random bytes, stored) of the official shape: one executable named
# terraform-provider-bench_v1.0.0, zip terraform-provider-bench_1.0.0_<os>_<arch>.zip, plus SHA256SUMS.
make_zip() { # <release dir> <os_arch> <MB>
  local dir="$1" platform="$2" mb="$3" tmp
  tmp="$(mktemp -d "$work/zip.XXXXXX")"
  head -c "$((mb * 1024 * 1024))" /dev/urandom >"$tmp/terraform-provider-bench_v1.0.0"
  chmod 755 "$tmp/terraform-provider-bench_v1.0.0"
  (cd "$tmp" && zip -0 -q -X "$dir/terraform-provider-bench_1.0.0_${platform}.zip" terraform-provider-bench_v1.0.0)
  rm -rf "$tmp"
}
make_release() { # <dir> <MB> <os_arch>…
  local dir="$1" mb="$2"; shift 2
  mkdir -p "$dir"
  for p in "$@"; do make_zip "$dir" "$p" "$mb"; done
  (cd "$dir" && sha256sum terraform-provider-bench_1.0.0_*.zip >terraform-provider-bench_1.0.0_SHA256SUMS)
}
nine=(linux_amd64 linux_arm64 linux_386 linux_arm darwin_amd64 darwin_arm64 windows_amd64 windows_arm64 freebsd_amd64)
log "generating releases: 1 × ${big_mb} MB, 9 × ${small_mb} MB"
make_release "$work/rel-one" "$big_mb" linux_amd64
make_release "$work/rel-nine" "$small_mb" "${nine[@]}"

publish_json() { # <release dir> <repository> → JSON on stdout
  "${tofu[@]}" provider publish "$1" --repository "$2" --plain-http --json
}

# Seed the registry (install and pull sources) and the OCI layouts skopeo publishes from. The
# layouts are written by tofu-oci itself, so both tools upload exactly the same blobs.
log "seeding registry and layouts"
publish_json "$work/rel-one" "$reg/bench/one" >"$work/seed-one.json"
publish_json "$work/rel-nine" "$reg/bench/nine" >"$work/seed-nine.json"
publish_json "$work/rel-one" "oci-layout:$work/layout-one" >/dev/null
publish_json "$work/rel-nine" "oci-layout:$work/layout-nine" >/dev/null
big_layer="$(jq -r '.platforms[0].layerDigest' "$work/seed-one.json")"
[[ "$big_layer" == sha256:* ]] || die "no layer digest in the publish output: $(cat "$work/seed-one.json")"

# ---------------------------------------------------------------- measurement
# timed <scenario> <tool> <command…>: runs the command under GNU time, appends the wall time (s)
# and the peak RSS (KiB; for a pipeline, its largest process) to $work/m/<scenario>.<tool>.
mkdir -p "$work/m"
timed() {
  local scenario="$1" tool="$2"; shift 2
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -f %M -o "$work/m/rss" "$@" >"$work/m/last.out" 2>"$work/m/last.err" || rc=$?
  t1=$(date +%s%N)
  if [ "$rc" -ne 0 ]; then
    cat "$work/m/last.out" "$work/m/last.err" >&2
    die "$scenario/$tool failed (exit $rc): $*"
  fi
  echo "$(( (t1 - t0) / 1000000 ))" >>"$work/m/$scenario.$tool.ms"
  tail -n 1 "$work/m/rss" >>"$work/m/$scenario.$tool.rss"
}
median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -n "$1" | tail -n 1; }

fresh() { local d; d="$(mktemp -d "$work/fresh.XXXXXX")"; rmdir "$d"; echo "$d"; }
reset_fresh() { rm -rf "$work"/fresh.* "$work"/dl.*; }

peer_install() { # <dest dir>: the same blob with curl, checked with sha256sum, extracted with unzip
  local dest="$1" f="$1.zip"
  mkdir -p "$dest"
  curl -sS --fail -o "$f" "http://$reg/v2/bench/one/blobs/$big_layer" \
    && echo "${big_layer#sha256:}  $f" | sha256sum -c --quiet - \
    && unzip -o -q "$f" -d "$dest"
}
export -f peer_install
export reg big_layer

# next_repo <prefix>: sets $repo to a repository name never used before (no subshell: the counter must persist)
seq_id=0
next_repo() { seq_id=$((seq_id + 1)); repo="$1-$seq_id"; }

one_round() { # <record as: "warm" or "timed">
  local mode="$1" d
  run() { if [ "$mode" = timed ]; then timed "$@"; else shift 2; "$@" >/dev/null 2>&1; fi; }

  # install of the 120 MB package: ours vs curl + sha256sum + unzip
  d="$(fresh)"; run install ours "${tofu[@]}" provider install tofu/bench --repository "$reg/bench/one" \
    --platform linux_amd64 --destination "$d" --plain-http; reset_fresh
  d="$(fresh)"; run install peer bash -c 'peer_install "$1"' _ "$d"; reset_fresh

  # pull to a layout: ours (tofu-oci copy) vs skopeo copy --all docker:// → oci:
  for r in one nine; do
    d="$(fresh)"; run "pull-$r" ours "${tofu[@]}" copy "$reg/bench/$r:1.0.0" "oci-layout:$d:1.0.0" --plain-http; reset_fresh
    clear_skopeo_cache
    d="$(fresh)"; run "pull-$r" peer skopeo --insecure-policy copy -q --all --src-tls-verify=false \
      "docker://$reg/bench/$r:1.0.0" "oci:$d:1.0.0"; reset_fresh
  done

  # publish into a fresh repository each run: ours (from the zips) vs skopeo copy --all oci: → docker://
  for r in one nine; do
    next_repo "pub/ours-$r"
    run "publish-$r" ours "${tofu[@]}" provider publish "$work/rel-$r" --repository "$reg/$repo" --plain-http
    if [ "$r" = one ]; then last_ours_repo="$repo"; fi
    clear_skopeo_cache
    next_repo "pub/skopeo-$r"
    run "publish-$r" peer skopeo --insecure-policy copy -q --all --dest-tls-verify=false \
      "oci:$work/layout-$r:1.0.0" "docker://$reg/$repo:1.0.0"
    if [ "$r" = one ]; then last_skopeo_repo="$repo"; fi
  done
}

log "warm-up round (not counted)"
one_round warm
for i in $(seq 1 "$runs"); do
  log "round $i/$runs"
  one_round timed
done

# sanity: both publishes of the last round really went into fresh repositories holding the layer
for check_repo in "$last_ours_repo" "$last_skopeo_repo"; do
  curl -sSf -o /dev/null -I "http://$reg/v2/$check_repo/blobs/$big_layer" \
    || die "the publish into $check_repo did not leave the layer there"
done
[ "$(ls "$work/registry/data/docker/registry/v2/repositories/pub" | wc -l)" -ge $((4 * (runs + 1))) ] \
  || die "publishes did not each use a fresh repository"

# republish unchanged content: same release twice into one repository; the second must upload 0 bytes
log "republish"
next_repo pub/republish; repub_repo="$reg/$repo"
publish_json "$work/rel-nine" "$repub_repo" >"$work/repub-1.json"
for i in $(seq 1 "$runs"); do
  timed republish ours "${tofu[@]}" provider publish "$work/rel-nine" --repository "$repub_repo" --plain-http --json
  cp "$work/m/last.out" "$work/repub-$((i + 1)).json"
done
repub_first_bytes="$(jq -r '.bytesUploaded' "$work/repub-1.json")"
repub_bytes="$(jq -s 'map(.bytesUploaded) | max' "$work"/repub-[2-9]*.json)"
repub_status="$(jq -r '.status' "$work/repub-2.json")"
repub_blobs="$(jq -r '"\(.blobsUploaded) uploaded, \(.blobsSkipped) skipped"' "$work/repub-2.json")"

# ---------------------------------------------------------------- peak RSS with a large package
huge_note=""
if [ "$huge_mb" -gt 0 ]; then
  # needs the zip, its copy in the registry, a pulled layout and an installed copy, with room to spare
  avail_mb=$(( $(df -Pk "$work" | awk 'NR==2 {print $4}') / 1024 ))
  if [ "$avail_mb" -lt $((huge_mb * 5 + 1024)) ]; then
    new_mb=$(( (avail_mb - 1024) / 5 ))
    if [ "$new_mb" -lt 100 ]; then huge_mb=0; huge_note="skipped: only ${avail_mb} MB free"
    else huge_note="sized down from ${huge_mb} MB: only ${avail_mb} MB free"; huge_mb=$new_mb; fi
    log "large package $huge_note"
  fi
fi
if [ "$huge_mb" -gt 0 ]; then
  log "large package: ${huge_mb} MB"
  make_release "$work/rel-huge" "$huge_mb" linux_amd64
  timed huge-publish ours "${tofu[@]}" provider publish "$work/rel-huge" --repository "$reg/bench/huge" --plain-http
  d="$(fresh)"; timed huge-pull ours "${tofu[@]}" copy "$reg/bench/huge:1.0.0" "oci-layout:$d:1.0.0" --plain-http; reset_fresh
  d="$(fresh)"; timed huge-install ours "${tofu[@]}" provider install tofu/bench --repository "$reg/bench/huge" \
    --platform linux_amd64 --destination "$d" --plain-http; reset_fresh
  rm -rf "$work/rel-huge"
fi

# ---------------------------------------------------------------- report
secs() { awk -v ms="$1" 'BEGIN {printf "%.3f", ms / 1000}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r <= t) ? "met" : "**not met**"}'; }
row() { # <scenario> <label> <target ratio>
  local s="$1" label="$2" target="$3" o p ratio
  o="$(median "$work/m/$s.ours.ms")"; p="$(median "$work/m/$s.peer.ms")"
  ratio="$(awk -v o="$o" -v p="$p" 'BEGIN {printf "%.2f", o / p}')"
  printf '| %s | %s | %s | %s× | ≤ %s× | %s | %s | %s |\n' "$label" "$(secs "$o")" "$(secs "$p")" "$ratio" "$target" \
    "$(verdict "$ratio" "$target")" "$(mib "$(maxof "$work/m/$s.ours.rss")")" "$(mib "$(maxof "$work/m/$s.peer.rss")")"
}
runs_list() { tr '\n' ' ' <"$1" | sed 's/ $//'; }

cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
{
  echo "## tofu-oci benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($cpu), $mem RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)."
  echo "Tools: .NET $(dotnet --version), docker-registry $(docker-registry --version 2>/dev/null | awk '{print $NF}'),"
  echo "$(skopeo --version), curl $(curl --version | awk 'NR==1 {print $2}'), $(unzip -v | awk 'NR==1 {print $1, $2}'). Commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "tofu-oci build measured: $build_text."
  echo "Releases: one platform × ${big_mb} MiB; nine platforms × ${small_mb} MiB (incompressible, stored zips)."
  echo "$runs timed runs per tool, interleaved (ours, peer, ours, peer, …) after one warm-up round; medians of wall time."
  echo "Peak RSS is the largest over the runs (for a pipeline: its largest process), from GNU time %M."
  echo
  echo "| scenario | ours (s) | peer (s) | ours / peer | target | | ours peak RSS (MiB) | peer peak RSS (MiB) |"
  echo "|---|---:|---:|---:|---:|---|---:|---:|"
  row install "install ${big_mb} MiB vs curl + sha256sum + unzip" 0.6
  row pull-one "pull 1 platform (${big_mb} MiB) to a layout vs skopeo copy" 0.5
  row pull-nine "pull 9 platforms (9 × ${small_mb} MiB) to a layout vs skopeo copy" 0.5
  row publish-one "publish 1 platform (${big_mb} MiB) vs skopeo copy of the layout" 1.0
  row publish-nine "publish 9 platforms (9 × ${small_mb} MiB) vs skopeo copy of the layout" 0.6
  echo
  r_ok="**not met**"; [ "$repub_bytes" = "0" ] && r_ok="met"
  echo "Republish of the unchanged nine-platform release: first publish uploaded $repub_first_bytes bytes; the"
  echo "republish (status \`$repub_status\`, blobs $repub_blobs) uploaded **$repub_bytes bytes** in every run (target 0: $r_ok);"
  echo "median $(secs "$(median "$work/m/republish.ours.ms")") s, peak RSS $(mib "$(maxof "$work/m/republish.ours.rss")") MiB."
  echo
  if [ -f "$work/m/huge-publish.ours.ms" ]; then
    echo "Peak RSS with one ${huge_mb} MiB package${huge_note:+ ($huge_note)} (target ≤ 100 MiB):"
    echo
    echo "| operation | time (s) | peak RSS (MiB) | |"
    echo "|---|---:|---:|---|"
    for op in publish pull install; do
      k="$(maxof "$work/m/huge-$op.ours.rss")"
      ok="met"; [ "$k" -le $((100 * 1024)) ] || ok="**not met**"
      echo "| $op | $(secs "$(median "$work/m/huge-$op.ours.ms")") | $(mib "$k") | $ok |"
    done
  else
    echo "Peak RSS with a large package: ${huge_note:-skipped (BENCH_HUGE_MB=0)}."
  fi
  echo
  echo "Individual runs (ms), ours / peer:"
  echo
  for s in install pull-one pull-nine publish-one publish-nine; do
    echo "- $s: $(runs_list "$work/m/$s.ours.ms") / $(runs_list "$work/m/$s.peer.ms")"
  done
  echo "- republish: $(runs_list "$work/m/republish.ours.ms")"
} | tee "$results"
log "results written to $results"
