#!/usr/bin/env bash
# Speed and memory benchmark of tofu-oci against its named peers (issues #3 §8 and #14); see README.md
# here. Not part of tests/run.sh or CI. Needs bash, GNU time, docker-registry, skopeo, curl, unzip,
# zip, jq (installed from Debian when run as root) and the .NET SDK. About 15 minutes on 2 cores.
#
# Environment:
#   BENCH_RUNS=5          timed runs per tool and scenario (interleaved A,B,A,B…; medians reported)
#   BENCH_BIG_MB=120      size of the one-platform release's zip
#   BENCH_SMALL_MB=30     size of each zip of the nine-platform release
#   BENCH_HUGE_MB=1024    size of the package for the peak-RSS check; 0 skips it (it is also sized
#                         down automatically when the work directory's file system is short of space)
#   BENCH_REALISTIC=1     0 skips the realistic (deflated real executable) releases
#   BENCH_REAL_EXE=<file> the real executable to package (default: the hashicorp/aws linux_amd64
#                         provider found on the machine, else ~BENCH_REAL_MB of real executables and
#                         libraries concatenated)
#   BENCH_REAL_MB=700     size of that concatenation when no provider executable is found
#   BENCH_PWSH=1          0 skips the PowerShell part (pwsh-bench.ps1)
#   BENCH_MODULE=<dir>    a staged OpenTofuOci module directory (skips build.ps1 -Task Package)
#   BENCH_CLI=<dir>       a prebuilt tofu-oci (a `dotnet publish` output directory; skips the build)
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
realistic="${BENCH_REALISTIC:-1}"
real_mb="${BENCH_REAL_MB:-700}"
pwsh_on="${BENCH_PWSH:-1}"
results="${BENCH_RESULTS:-$here/results-$(date -u +%Y-%m-%d).md}"
[ "$runs" -ge 5 ] || echo "run.sh: BENCH_RUNS=$runs is below the 5 runs the issue asks for" >&2
rss_target_mib=32

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

# ORAS, the second peer for pull and publish, only where its CLI exists: Debian 12 packages just the
# Go library (golang-oras-oras-go-dev), and ORAS .NET (OrasProject.Oras) is not on the NuGet source
# these machines reach. A Debian `oras` package, should one appear, is installed like the tools above.
if ! command -v oras >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-cache >/dev/null 2>&1 \
  && apt-cache show oras >/dev/null 2>&1; then
  log "installing oras"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends oras >/dev/null \
    || log "apt-get install oras failed; continuing without the ORAS peer"
fi
if command -v oras >/dev/null 2>&1; then
  have_oras=1
  oras_text="ORAS peer: \`oras\` $(oras version 2>/dev/null | awk -F': *' '/^Version/ {print $2; exit}') ($(command -v oras))."
else
  have_oras=0
  oras_text="ORAS peer: not available (no \`oras\` CLI on PATH; Debian 12 packages only the Go library golang-oras-oras-go-dev, and ORAS .NET, OrasProject.Oras, is not restorable from the NuGet source here)."
fi

# ---------------------------------------------------------------- work directory, cleanup
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/tofuoci-bench.XXXXXX")}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
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
# oras keeps blobs only when ORAS_CACHE names a directory; it must not here.
unset ORAS_CACHE

# ---------------------------------------------------------------- build the CLI once (not timed)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
build="${BENCH_BUILD:-native}"
if [ -n "${BENCH_CLI:-}" ]; then
  [ -d "$BENCH_CLI" ] || die "BENCH_CLI=$BENCH_CLI is not a directory"
  cli_dir="$(cd "$BENCH_CLI" && pwd)"
  # A framework-dependent publish output has tofu-oci.dll beside its launcher; a native one has not.
  if [ -f "$cli_dir/tofu-oci.dll" ]; then build=jit; build_text="framework-dependent (JIT), prebuilt in $cli_dir"
  else build=native; build_text="native (ahead-of-time compiled), prebuilt in $cli_dir"; fi
else
  cli_dir="$work/cli"
  case "$build" in
    native)
      rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
      [ -n "$rid" ] || die "could not read the runtime identifier from dotnet --info"
      log "dotnet publish src/OpenTofuOci.Cli -c Release -r $rid -p:PublishAot=true"
      dotnet publish "$root/src/OpenTofuOci.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$cli_dir" >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log" >&2; die "dotnet publish (native) failed"; }
      build_text="native (ahead-of-time compiled, $rid)";;
    jit)
      log "dotnet publish src/OpenTofuOci.Cli -c Release"
      dotnet publish "$root/src/OpenTofuOci.Cli" -c Release -o "$cli_dir" >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log" >&2; die "dotnet publish failed"; }
      build_text="framework-dependent (JIT), as \`dotnet tool install\` gives";;
    *) die "BENCH_BUILD must be native or jit, not $build";;
  esac
fi
if [ -x "$cli_dir/tofu-oci" ]; then tofu=("$cli_dir/tofu-oci"); else tofu=(dotnet "$cli_dir/tofu-oci.dll"); fi
"${tofu[@]}" --help >/dev/null 2>&1 || die "the tofu-oci in $cli_dir does not run"

# ---------------------------------------------------------------- PowerShell module (staged once, not timed)
# Before any measurement, so a missing pwsh fails fast and no build competes with the runs.
if [ "$pwsh_on" != "0" ]; then
  (cd "$root" && dotnet tool restore >"$work/tool-restore.log" 2>&1) \
    || { cat "$work/tool-restore.log" >&2; die "dotnet tool restore (PowerShell 7.6.10) failed; BENCH_PWSH=0 skips the PowerShell part"; }
  if [ -n "${BENCH_MODULE:-}" ]; then
    module_dir="$(cd "$BENCH_MODULE" && pwd)"
  else
    log "dotnet pwsh build.ps1 -Task Package -Configuration Release"
    (cd "$root" && dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Package -Configuration Release) \
      >"$work/package.log" 2>&1 || { cat "$work/package.log" >&2; die "build.ps1 -Task Package failed; BENCH_PWSH=0 skips the PowerShell part"; }
    # A copy, so a later build in the repository cannot change the module under the measurement.
    mkdir -p "$work/module"; cp -r "$root/out/OpenTofuOci" "$work/module/"
    module_dir="$work/module/OpenTofuOci"
  fi
  [ -f "$module_dir/OpenTofuOci.psd1" ] || die "no OpenTofuOci.psd1 in $module_dir"
fi

# ---------------------------------------------------------------- registry
mkdir -p "$work/registry/data"
cat >"$work/registry/config.yml" <<YML
version: 0.1
log: { level: info, accesslog: { disabled: true } }
storage:
  filesystem: { rootdirectory: $work/registry/data }
  delete: { enabled: true }
http:
  addr: 127.0.0.1:0
  secret: tofuoci-bench-secret
YML
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
# Every release r has: rel-r (zips + SHA256SUMS), pub-r (the same zips, hard-linked, without
# SHA256SUMS: what the publish scenarios publish), the tag tag[r], a seeded copy in REG/bench/r and
# an OCI layout layout-r (written by tofu-oci, so skopeo and oras publish exactly the same blobs).
declare -A tag address
nine=(linux_amd64 linux_arm64 linux_386 linux_arm darwin_amd64 darwin_arm64 windows_amd64 windows_arm64 freebsd_amd64)

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
write_sums() { # <release dir> <type> <version>
  (cd "$1" && sha256sum "terraform-provider-$2_$3_"*.zip >"terraform-provider-$2_$3_SHA256SUMS")
}
without_sums() { # <release dir> <copy dir>: the zips only, hard-linked (same bytes, same page cache)
  mkdir -p "$2"
  ln "$1"/*.zip "$2/" 2>/dev/null || cp "$1"/*.zip "$2/"
}
make_release() { # <dir> <MB> <os_arch>…
  local dir="$1" mb="$2"; shift 2
  mkdir -p "$dir"
  for p in "$@"; do make_zip "$dir" "$p" "$mb"; done
  write_sums "$dir" bench 1.0.0
}
log "generating releases: 1 × ${big_mb} MB, 9 × ${small_mb} MB"
make_release "$work/rel-one" "$big_mb" linux_amd64
make_release "$work/rel-nine" "$small_mb" "${nine[@]}"
for r in one nine; do tag[$r]=1.0.0; address[$r]=tofu/bench; done
releases=(one nine)

# The realistic release: a real executable, deflated as release zips are (zip -X -6, the default
# deflate), next to a LICENSE.txt. The hashicorp/aws provider the machine image ships is used when
# present; otherwise ~BENCH_REAL_MB of the machine's own executables and libraries, concatenated.
real_text="Realistic releases: skipped (BENCH_REALISTIC=0)."
build_real_exe() { # <output file> <MB>: real ELF files, in a fixed order, until the size is reached
  local out="$1" want=$(( $2 * 1024 * 1024 )) total=0 f size
  : >"$out"
  while IFS= read -r f; do
    [ "$(od -An -tx1 -N4 "$f" 2>/dev/null | tr -d ' \n')" = 7f454c46 ] || continue
    size=$(stat -c %s "$f")
    if [ $((total + size)) -ge "$want" ]; then head -c $((want - total)) "$f" >>"$out"; total=$want; break; fi
    cat "$f" >>"$out"; total=$((total + size))
  done < <(find /usr/bin /usr/sbin /usr/lib /usr/libexec /usr/share/dotnet /opt -xdev -type f -size +16k 2>/dev/null | LC_ALL=C sort)
  chmod 755 "$out"
  echo "$total"
}
if [ "$realistic" != "0" ]; then
  real_license=""
  if [ -n "${BENCH_REAL_EXE:-}" ]; then
    [ -f "$BENCH_REAL_EXE" ] || die "BENCH_REAL_EXE=$BENCH_REAL_EXE is not a file"
    real_exe="$(cd "$(dirname "$BENCH_REAL_EXE")" && pwd)/$(basename "$BENCH_REAL_EXE")"
    real_type=real; real_version=1.0.0; real_address=tofu/real; real_exe_name=terraform-provider-real_v1.0.0
    real_source="the real executable \`$real_exe\` (BENCH_REAL_EXE, $(stat -c %s "$real_exe") bytes)"
  else
    log "looking for the hashicorp/aws provider executable"
    real_exe="$(find / -xdev -not -path '/tmp/*' -not -path "$work/*" -path '*hashicorp/aws/*/linux_amd64/terraform-provider-aws_*' -type f 2>/dev/null \
      | LC_ALL=C sort | tail -n 1 || true)"
    if [ -n "$real_exe" ]; then
      real_type=aws; real_address=hashicorp/aws; real_exe_name="$(basename "$real_exe")"
      real_version="$(basename "$(dirname "$(dirname "$real_exe")")")"
      real_source="the hashicorp/aws $real_version linux_amd64 executable \`$real_exe\` ($(stat -c %s "$real_exe") bytes)"
    else
      log "no hashicorp/aws executable found: concatenating ~${real_mb} MB of this machine's executables and libraries"
      real_exe="$work/real-exe"
      real_bytes="$(build_real_exe "$real_exe" "$real_mb")"
      real_type=real; real_version=1.0.0; real_address=tofu/real; real_exe_name=terraform-provider-real_v1.0.0
      real_source="no hashicorp/aws executable on this machine: $real_bytes bytes of its own ELF executables and libraries (/usr, /opt), concatenated into one executable"
    fi
  fi
  [ -f "$(dirname "$real_exe")/LICENSE.txt" ] && real_license="$(dirname "$real_exe")/LICENSE.txt"
  [ -n "$real_license" ] || real_license="$root/LICENSE"
  # Symbolic links give the entries their release names; zip stores what they point to (and its mode).
  stage="$work/real-stage"; mkdir -p "$stage"
  ln -s "$real_exe" "$stage/$real_exe_name"
  ln -s "$real_license" "$stage/LICENSE.txt"
  real_zip="terraform-provider-${real_type}_${real_version}_linux_amd64.zip"
  log "zip -X -6 $real_zip (not timed)"
  mkdir -p "$work/rel-real"
  (cd "$stage" && zip -X -6 -q "$work/rel-real/$real_zip" "$real_exe_name" LICENSE.txt)
  write_sums "$work/rel-real" "$real_type" "$real_version"
  # Nine platforms that differ: the same deflated zip, each with one small platform-named file added
  # (zip copies the existing entries without deflating them again).
  mkdir -p "$work/rel-real9"
  for p in "${nine[@]}"; do
    z="$work/rel-real9/terraform-provider-${real_type}_${real_version}_$p.zip"
    cp "$work/rel-real/$real_zip" "$z"
    echo "$p" >"$stage/$p.txt"
    (cd "$stage" && zip -X -q "$z" "$p.txt")
  done
  write_sums "$work/rel-real9" "$real_type" "$real_version"
  for r in real real9; do tag[$r]="$real_version"; address[$r]="$real_address"; done
  releases+=(real real9)
  real_zip_mib="$(awk -v b="$(stat -c %s "$work/rel-real/$real_zip")" 'BEGIN {printf "%.0f", b / 1048576}')"
  real_exe_mib="$(awk -v b="$(stat -L -c %s "$stage/$real_exe_name")" 'BEGIN {printf "%.0f", b / 1048576}')"
  real_text="Realistic release: $real_source with LICENSE.txt${real_license:+ (\`$real_license\`)}, deflated with \`zip -X -6\` into \`$real_zip\` ($real_zip_mib MiB, $real_exe_mib MiB executable), with SHA256SUMS; installed as \`$real_address\`. Nine-platform realistic release: that zip under nine platform names, each with one small platform-named file added (\`zip -q\`), so the nine digests differ."
fi

for r in "${releases[@]}"; do without_sums "$work/rel-$r" "$work/pub-$r"; done

publish_json() { # <release dir> <repository> → JSON on stdout
  local plain=(--plain-http); [[ "$2" == oci-layout:* ]] && plain=()
  "${tofu[@]}" provider publish "$1" --repository "$2" "${plain[@]}" --json
}

# Seed the registry (install and pull sources) and the OCI layouts skopeo and oras publish from. The
# layouts are written by tofu-oci itself, so every tool uploads exactly the same blobs.
log "seeding registry and layouts"
declare -A layer
for r in "${releases[@]}"; do
  publish_json "$work/rel-$r" "$reg/bench/$r" >"$work/seed-$r.json"
  publish_json "$work/rel-$r" "oci-layout:$work/layout-$r" >/dev/null
  layer[$r]="$(jq -r '.platforms[0].layerDigest' "$work/seed-$r.json")"
  [[ "${layer[$r]}" == sha256:* ]] || die "no layer digest in the publish output: $(cat "$work/seed-$r.json")"
done

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
reset_fresh() { rm -rf "$work"/fresh.*; }

peer_install() { # <repository> <layer digest> <dest dir>: the blob with curl, checked with sha256sum, extracted with unzip
  local dest="$3" f="$3.zip"
  mkdir -p "$dest"
  curl -sS --fail -o "$f" "http://$reg/v2/$1/blobs/$2" \
    && echo "${2#sha256:}  $f" | sha256sum -c --quiet - \
    && unzip -o -q "$f" -d "$dest"
}
export -f peer_install
export reg

# next_repo <prefix>: sets $repo to a repository name never used before (no subshell: the counter must persist)
seq_id=0
next_repo() { seq_id=$((seq_id + 1)); repo="$1-$seq_id"; }
declare -A last_repo   # "<release> <tool>" → the repository of that tool's latest publish of the release
publishes=0            # publishes into pub/, each into a new repository

one_round() { # <record as: "warm" or "timed">
  local mode="$1" d r t
  run() { if [ "$mode" = timed ]; then timed "$@"; else shift 2; "$@" >/dev/null 2>&1; fi; }

  # install: ours vs curl + sha256sum + unzip (120 MiB incompressible, then the realistic package)
  for r in one real; do
    [ -n "${tag[$r]:-}" ] || continue
    local s=install; [ "$r" = one ] || s="install-$r"
    d="$(fresh)"; run "$s" ours "${tofu[@]}" provider install "${address[$r]}" --repository "$reg/bench/$r" \
      --platform linux_amd64 --destination "$d" --plain-http; reset_fresh
    d="$(fresh)"; run "$s" peer bash -c 'peer_install "$@"' _ "bench/$r" "${layer[$r]}" "$d"; reset_fresh
  done

  # pull to a layout: ours (tofu-oci copy) vs skopeo copy --all docker:// → oci: (vs oras copy)
  for r in "${releases[@]}"; do
    t="${tag[$r]}"
    d="$(fresh)"; run "pull-$r" ours "${tofu[@]}" copy "$reg/bench/$r:$t" "oci-layout:$d:$t" --plain-http; reset_fresh
    clear_skopeo_cache
    d="$(fresh)"; run "pull-$r" peer skopeo --insecure-policy copy -q --all --src-tls-verify=false \
      "docker://$reg/bench/$r:$t" "oci:$d:$t"; reset_fresh
    if [ "$have_oras" = 1 ]; then
      d="$(fresh)"; run "pull-$r" oras oras copy --from-plain-http --to-oci-layout "$reg/bench/$r:$t" "$d:$t"; reset_fresh
    fi
  done

  # publish into a fresh repository each run: ours (the zips, no SHA256SUMS) vs skopeo copy --all
  # oci: → docker:// (vs oras copy) of the equivalent layout
  for r in "${releases[@]}"; do
    t="${tag[$r]}"
    next_repo "pub/ours-$r"
    run "publish-$r" ours "${tofu[@]}" provider publish "$work/pub-$r" --repository "$reg/$repo" --plain-http
    last_repo["$r ours"]="$repo"
    clear_skopeo_cache
    next_repo "pub/skopeo-$r"
    run "publish-$r" peer skopeo --insecure-policy copy -q --all --dest-tls-verify=false \
      "oci:$work/layout-$r:$t" "docker://$reg/$repo:$t"
    last_repo["$r skopeo"]="$repo"
    publishes=$((publishes + 2))
    if [ "$have_oras" = 1 ]; then
      next_repo "pub/oras-$r"
      run "publish-$r" oras oras copy --from-oci-layout --to-plain-http "$work/layout-$r:$t" "$reg/$repo:$t"
      last_repo["$r oras"]="$repo"
      publishes=$((publishes + 1))
    fi
  done
}

log "warm-up round (not counted)"
one_round warm
for i in $(seq 1 "$runs"); do
  log "round $i/$runs"
  one_round timed
done

# sanity: the last round's publishes really went into fresh repositories holding the first layer
for key in "${!last_repo[@]}"; do
  check_repo="${last_repo[$key]}"
  curl -sSf -o /dev/null -I "http://$reg/v2/$check_repo/blobs/${layer[${key%% *}]}" \
    || die "the publish into $check_repo did not leave the layer there"
done
[ "$(ls "$work/registry/data/docker/registry/v2/repositories/pub" | wc -l)" -ge "$publishes" ] \
  || die "publishes did not each use a fresh repository"

# republish unchanged content into one repository; every republish must upload 0 bytes. Without
# SHA256SUMS (what the publish scenarios publish) and with it.
log "republish"
republish() { # <scenario> <release dir>
  local s="$1" dir="$2" i
  next_repo "pub/$s"
  publish_json "$dir" "$reg/$repo" >"$work/$s-1.json"
  for i in $(seq 1 "$runs"); do
    timed "$s" ours "${tofu[@]}" provider publish "$dir" --repository "$reg/$repo" --plain-http --json
    cp "$work/m/last.out" "$work/$s-$((i + 1)).json"
  done
}
republish_line() { # <scenario> <what>
  local s="$1" first bytes status blobs ok="**not met**"
  first="$(jq -r '.bytesUploaded' "$work/$s-1.json")"
  bytes="$(jq -s 'map(.bytesUploaded) | max' $(ls "$work/$s"-*.json | grep -v -- "-1\.json$"))"
  status="$(jq -r '.status' "$work/$s-2.json")"
  blobs="$(jq -r '"\(.blobsUploaded) uploaded, \(.blobsSkipped) skipped"' "$work/$s-2.json")"
  [ "$bytes" = "0" ] && ok="met"
  echo "- $2: first publish uploaded $first bytes; the republish (status \`$status\`, blobs $blobs) uploaded"
  echo "  **$bytes bytes** in every run (target 0: $ok); median $(secs "$(median "$work/m/$s.ours.ms")") s, peak RSS $(mib "$(maxof "$work/m/$s.ours.rss")") MiB."
}
republish republish "$work/pub-nine"
republish republish-sums "$work/rel-nine"

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
  without_sums "$work/rel-huge" "$work/pub-huge"
  timed huge-publish ours "${tofu[@]}" provider publish "$work/pub-huge" --repository "$reg/bench/huge" --plain-http
  timed huge-publish-sums ours "${tofu[@]}" provider publish "$work/rel-huge" --repository "$reg/bench/huge-sums" --plain-http
  d="$(fresh)"; timed huge-pull ours "${tofu[@]}" copy "$reg/bench/huge:1.0.0" "oci-layout:$d:1.0.0" --plain-http; reset_fresh
  d="$(fresh)"; timed huge-install ours "${tofu[@]}" provider install tofu/bench --repository "$reg/bench/huge" \
    --platform linux_amd64 --destination "$d" --plain-http; reset_fresh
  rm -rf "$work/rel-huge" "$work/pub-huge"
fi

# ---------------------------------------------------------------- PowerShell: cmdlets vs the native CLI
pwsh_md="$work/pwsh.md"
if [ "$pwsh_on" != "0" ]; then
  mkdir -p "$work/pwsh"
  # The packages the PowerShell part installs and publishes: the 120 MiB one and the realistic one.
  pkgs=(one); [ -n "${tag[real]:-}" ] && pkgs+=(real)
  for r in "${pkgs[@]}"; do
    label="${big_mb} MiB incompressible"; [ "$r" = real ] && label="realistic ($real_zip, $real_exe_mib MiB executable)"
    jq -n --arg name "$r" --arg text "$label" --arg address "${address[$r]}" --arg repository "$reg/bench/$r" \
      --arg release "$work/pub-$r" '{name: $name, label: $text, address: $address, repository: $repository, platform: "linux_amd64", release: $release}'
  done | jq -s . >"$work/pwsh/packages.json"
  log "PowerShell: cmdlets vs the native CLI in one warm session"
  # NO_COLOR: plain error text in the log (and in the results, should the script fail).
  (cd "$root" && NO_COLOR=1 dotnet pwsh -NoProfile -NonInteractive -File "$here/pwsh-bench.ps1" -Registry "$reg" \
    -Cli "${tofu[${#tofu[@]}-1]}" -Module "$module_dir/OpenTofuOci.psd1" -Packages "$work/pwsh/packages.json" \
    -Work "$work/pwsh" -Runs "$runs" -Output "$pwsh_md") >"$work/pwsh.log" 2>&1 || {
    # The rest of the results are still worth writing.
    cat "$work/pwsh.log" >&2; log "pwsh-bench.ps1 failed; reporting the rest"
    { echo "PowerShell: **pwsh-bench.ps1 failed**:"; echo; echo '```text'; tail -n 15 "$work/pwsh.log"; echo '```'; } >"$pwsh_md"
  }
else
  echo "PowerShell: skipped (BENCH_PWSH=0)." >"$pwsh_md"
fi

# ---------------------------------------------------------------- report
secs() { awk -v ms="$1" 'BEGIN {printf "%.3f", ms / 1000}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
ratio_of() { awk -v o="$1" -v p="$2" 'BEGIN {printf "%.2f", o / p}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r <= t) ? "met" : "**not met**"}'; }
row() { # <scenario> <label> <target ratio, or - for none>
  local s="$1" label="$2" target="$3" o p x ratio tcol vcol xcols=""
  [ -f "$work/m/$s.ours.ms" ] || return 0
  o="$(median "$work/m/$s.ours.ms")"; p="$(median "$work/m/$s.peer.ms")"
  ratio="$(ratio_of "$o" "$p")"
  if [ "$target" = - ]; then tcol="—"; vcol="no target"; else tcol="≤ ${target}×"; vcol="$(verdict "$ratio" "$target")"; fi
  if [ "$have_oras" = 1 ]; then
    if [ -f "$work/m/$s.oras.ms" ]; then
      x="$(median "$work/m/$s.oras.ms")"; xcols=" $(secs "$x") | $(ratio_of "$o" "$x")× | $(mib "$(maxof "$work/m/$s.oras.rss")") |"
    else xcols=" — | — | — |"; fi
  fi
  printf '| %s | %s | %s | %s× | %s | %s | %s | %s |%s\n' "$label" "$(secs "$o")" "$(secs "$p")" "$ratio" "$tcol" "$vcol" \
    "$(mib "$(maxof "$work/m/$s.ours.rss")")" "$(mib "$(maxof "$work/m/$s.peer.rss")")" "$xcols"
}
runs_list() { if [ -f "$1" ]; then tr '\n' ' ' <"$1" | sed 's/ $//'; else echo "—"; fi; }
scenarios=(install install-real pull-one pull-nine pull-real pull-real9 publish-one publish-nine publish-real publish-real9)

# Peak RSS of tofu-oci over every run of the whole benchmark (each scenario's maximum is in its row).
rss_max=0; rss_where=""
for f in "$work"/m/*.ours.rss; do
  k="$(maxof "$f")"
  if [ "$k" -gt "$rss_max" ]; then rss_max="$k"; rss_where="$(basename "$f" .ours.rss)"; fi
done
rss_ok="met"; [ "$rss_max" -le $((rss_target_mib * 1024)) ] || rss_ok="**not met**"

cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
rl="${real_exe_mib:-?} MiB executable"
{
  echo "## tofu-oci benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($cpu), $mem RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)."
  echo "Tools: .NET $(dotnet --version), docker-registry $(docker-registry --version 2>/dev/null | awk '{print $NF}'),"
  echo "$(skopeo --version), curl $(curl --version | awk 'NR==1 {print $2}'), $(unzip -v | awk 'NR==1 {print $1, $2}'), $(zip -v | awk 'NR==2 {print $1, $2, $3, $4}'). Commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "tofu-oci build measured: $build_text."
  echo "Releases: one platform × ${big_mb} MiB; nine platforms × ${small_mb} MiB (incompressible, stored zips)."
  echo "$real_text"
  echo "Publish scenarios publish the zips without SHA256SUMS; skopeo and oras copy the equivalent OCI layout."
  echo "$oras_text"
  echo "$runs timed runs per tool, interleaved (ours, peer, … in every round) after one warm-up round; medians of wall time."
  echo "Peak RSS is the largest over the runs (for a pipeline: its largest process), from GNU time %M."
  echo
  if [ "$have_oras" = 1 ]; then
    echo "| scenario | ours (s) | peer (s) | ours / peer | target | | ours peak RSS (MiB) | peer peak RSS (MiB) | ORAS (s) | ours / ORAS | ORAS peak RSS (MiB) |"
    echo "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"
  else
    echo "| scenario | ours (s) | peer (s) | ours / peer | target | | ours peak RSS (MiB) | peer peak RSS (MiB) |"
    echo "|---|---:|---:|---:|---:|---|---:|---:|"
  fi
  row install "install ${big_mb} MiB vs curl + sha256sum + unzip" 0.35
  row install-real "install realistic (${real_zip_mib:-?} MiB zip, $rl) vs curl + sha256sum + unzip" 0.45
  row pull-one "pull 1 platform (${big_mb} MiB) to a layout vs skopeo copy" 0.35
  row pull-nine "pull 9 platforms (9 × ${small_mb} MiB) to a layout vs skopeo copy" 0.5
  row pull-real "pull realistic 1 platform (${real_zip_mib:-?} MiB) to a layout vs skopeo copy" -
  row pull-real9 "pull realistic 9 platforms (9 × ${real_zip_mib:-?} MiB) to a layout vs skopeo copy" -
  row publish-one "publish 1 platform (${big_mb} MiB, no SHA256SUMS) vs skopeo copy of the layout" 0.8
  row publish-nine "publish 9 platforms (9 × ${small_mb} MiB, no SHA256SUMS) vs skopeo copy of the layout" 0.5
  row publish-real "publish realistic 1 platform (${real_zip_mib:-?} MiB, no SHA256SUMS) vs skopeo copy of the layout" -
  row publish-real9 "publish realistic 9 platforms (9 × ${real_zip_mib:-?} MiB, no SHA256SUMS) vs skopeo copy of the layout" -
  echo
  echo "Republish of the unchanged nine-platform release into the same repository:"
  echo
  republish_line republish "without SHA256SUMS"
  republish_line republish-sums "with SHA256SUMS"
  echo
  if [ -f "$work/m/huge-publish.ours.ms" ]; then
    echo "One ${huge_mb} MiB package${huge_note:+ ($huge_note)} (peak RSS target ≤ $rss_target_mib MiB):"
    echo
    echo "| operation | time (s) | peak RSS (MiB) | |"
    echo "|---|---:|---:|---|"
    for op in publish publish-sums pull install; do
      k="$(maxof "$work/m/huge-$op.ours.rss")"
      ok="met"; [ "$k" -le $((rss_target_mib * 1024)) ] || ok="**not met**"
      case "$op" in publish) what="publish (no SHA256SUMS)";; publish-sums) what="publish (with SHA256SUMS)";; *) what="$op";; esac
      echo "| $what | $(secs "$(median "$work/m/huge-$op.ours.ms")") | $(mib "$k") | $ok |"
    done
  else
    echo "Large package: ${huge_note:-skipped (BENCH_HUGE_MB=0)}."
  fi
  echo
  echo "**Peak RSS of tofu-oci over the whole run: $(mib "$rss_max") MiB** (in $rss_where); target ≤ $rss_target_mib MiB in every scenario$([ "$build" = native ] || echo ", set for the native build; this run measured the framework-dependent one"): **$rss_ok**."
  echo
  cat "$pwsh_md"
  echo
  echo "Individual runs (ms), ours / peer$([ "$have_oras" = 1 ] && echo " / ORAS"):"
  echo
  for s in "${scenarios[@]}"; do
    [ -f "$work/m/$s.ours.ms" ] || continue
    line="- $s: $(runs_list "$work/m/$s.ours.ms") / $(runs_list "$work/m/$s.peer.ms")"
    [ "$have_oras" = 1 ] && [[ "$s" != install* ]] && line="$line / $(runs_list "$work/m/$s.oras.ms")"
    echo "$line"
  done
  echo "- republish (no SHA256SUMS): $(runs_list "$work/m/republish.ours.ms"); with SHA256SUMS: $(runs_list "$work/m/republish-sums.ours.ms")"
} | tee "$results"
log "results written to $results"
