#!/usr/bin/env bash
# The test command (README.md): installs what the tests need when missing, restores, builds with
# warnings as errors, runs every .NET test project and the Pester suite (tests/pester) in a real
# pwsh, and ends with one line "N passed, N failed, N skipped" counting both.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
configuration="${CONFIGURATION:-Release}"

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
# Provider sources (docs/opentofu-compatibility.md §9): nginx serves a static origin registry and
# network mirror over TLS; gnupg makes the signing keys and signatures.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
# The native tofu-oci (docs/design.md "Native tofu-oci") links with clang or, failing that, gcc.
command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "tests/run.sh: installing ${need[*]}"
    apt-get update -qq || { echo "apt-get update failed"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || { echo "apt-get install ${need[*]} failed"; exit 1; }
  else
    echo "tests/run.sh: the tests need ${need[*]}; install them (Debian: sudo apt-get install -y ${need[*]}) and run again."
    exit 1
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "tests/run.sh: the .NET SDK (dotnet) is required"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet restore OpenTofuOci.slnx || exit 1
dotnet build OpenTofuOci.slnx -c "$configuration" --no-restore -warnaserror || { echo "0 passed, 1 failed"; exit 1; }

# The native (ahead-of-time compiled) tofu-oci that we ship; tests/OpenTofuOci.Core.Tests/Native runs it.
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
native="$here/out/native/$rid"
dotnet publish src/OpenTofuOci.Cli -c "$configuration" -r "$rid" -p:PublishAot=true -o "$native" -nologo -v quiet \
  || { echo "tests/run.sh: the native build of tofu-oci failed"; echo "0 passed, 1 failed"; exit 1; }
export TOFU_OCI_NATIVE="$native/tofu-oci"

passed=0; failed=0; skipped=0; status=0
log="$(mktemp)"
for project in tests/OpenTofuOci.Core.Tests tests/OpenTofuOci.PowerShell.Tests; do
  dotnet test "$project" -c "$configuration" --no-build 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    echo "tests/run.sh: no test summary from $project"; status=1; failed=$((failed + 1)); continue
  fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

# The cmdlets in a real PowerShell: pwsh 7.6.10 (the .NET tool pinned in .config/dotnet-tools.json)
# and Pester 5.9.1 (a NuGet package, tests/pester/Pester.csproj) run tests/pester against the module
# as build.ps1 stages it, with real docker-registry processes.
pester_counts() {
  dotnet tool restore >/dev/null || { echo "tests/run.sh: dotnet tool restore (PowerShell) failed"; return 1; }
  dotnet restore tests/pester/Pester.csproj -nologo -v quiet >/dev/null || { echo "tests/run.sh: restoring Pester failed"; return 1; }
  dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Package -Configuration "$configuration" -NoBuild \
    || { echo "tests/run.sh: staging the module (build.ps1 -Task Package) failed"; return 1; }
  dotnet pwsh -NoProfile -NonInteractive -File tests/pester/Invoke-PesterSuite.ps1 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}
pester_counts || status=1
line="$(grep -E '^Pester: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$log" | tail -n 1)"
if [ -z "$line" ]; then
  echo "tests/run.sh: no Pester summary"; status=1; failed=$((failed + 1))
else
  read -r p f s < <(sed -E 's/^Pester: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
fi
rm -f "$log"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
