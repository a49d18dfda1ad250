#!/usr/bin/env bash
# csc-cost.sh <project.csproj> <rounds> <set...>: what each analyzer set adds to a real compile of a library.
# Sets: none | memrules | memil (memrules with MemRulesReadyToRun=false: the IL where memrules gets the ReadyToRun
# image) | idisp | ca | mem001 … mem006 | mem900 (MemRules with only that rule on; mem900, the
# baseline rule alone, does almost nothing: the driver's floor) | other (memrules with the MemRules DLLs found in
# $OTHER_ANALYZERS, e.g. an earlier build, to compare two builds in the same rounds).
# 1. One `dotnet build` per set (compiler server off) records csc's command line for that set: the sets differ only
#    in their /analyzer and /analyzerconfig arguments (MemRulesCost.targets selects them; the tree is not edited).
# 2. csc runs on each command line directly, in alternating rounds (the order rotating) after a warm-up round, under
#    /usr/bin/time: wall time, user+system CPU time and peak RSS per run. Summarize with csc-summarize.py.
# Needs: the project restored once with -p:CustomAfterMicrosoftCommonTargets=<this dir>/MemRulesCost.targets
# -p:MemRulesCostVersion=$MEMRULES_VERSION -p:RestoreAdditionalProjectSources=<feed> -p:EnableNETAnalyzers=true
# -p:AnalysisMode=None (and $EXTRA), e.g. EXTRA="-p:TargetFrameworks=netstandard2.1".
set -uo pipefail
proj=$(realpath "$1"); rounds=$2; shift 2; sets=("$@")
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-$(mktemp -d)}; mkdir -p "$work"
: "${MEMRULES_VERSION:?set MEMRULES_VERSION to the MemRules.Analyzers version the project was restored with}"
common=(-c Release --no-restore --no-incremental -nologo -m:1 -nodeReuse:false -p:UseSharedCompilation=false
  "-p:CustomAfterMicrosoftCommonTargets=$here/MemRulesCost.targets" "-p:MemRulesCostVersion=$MEMRULES_VERSION"
  -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= -p:EnableNETAnalyzers=true -p:AnalysisMode=None)
tool=""
for set in "${sets[@]}"; do
  base=$set; [ "$set" = other ] && base=memrules
  if [ ! -f "$work/$base.rsp" ]; then
    # shellcheck disable=SC2086
    dotnet build "$proj" "${common[@]}" ${EXTRA:-} "-p:MemRulesCostSet=$base" -v:n > "$work/$base.log" 2>&1 || { echo "build of set $base failed: $work/$base.log" >&2; exit 1; }
    line=$(grep -m1 -E '/csc(\.dll)? /noconfig ' "$work/$base.log" | sed -E 's/^ +//')
    [ -n "$line" ] || { echo "no csc command line in $work/$base.log" >&2; exit 1; }
    echo "${line#* }" > "$work/$base.rsp"
    echo "${line%% *}" > "$work/tool"
  fi
  if [ "$set" = other ]; then
    : "${OTHER_ANALYZERS:?set OTHER_ANALYZERS to a folder with MemRules.Analyzers.dll and MemRules.Analyzers.CodeFixes.dll}"
    sed -E "s#/analyzer:[^ ]*/(MemRules\.Analyzers(\.CodeFixes)?\.dll)#/analyzer:$OTHER_ANALYZERS/\1#g" "$work/memrules.rsp" > "$work/other.rsp"
  fi
done
tool=$(cat "$work/tool")
n=${#sets[@]}
echo "# $proj, csc $tool, command lines in $work"
# SERVER=warm|cold: csc hands each compile to a compiler server of the set's own (-shared:<pipe>), as dotnet build
# does. A server goes on compiling its own code in the background for seconds after it answers (the JIT's tier-1
# work), so no run starts while another server is busy. warm keeps each server alive across rounds (a developer's
# repeated builds: analyzers loaded and compiled by the JIT once) and counts its CPU until it is quiet again; cold
# starts a server for every run and stops it once it has answered (a fresh CI agent's first compile), counting its
# CPU until then. Wall time is the client's; peak RSS is not measured (0).
server=${SERVER:-}
pipe() { echo "memrules-cost-$server-$$-$1"; }
server_pid() { pgrep -f "VBCSCompiler -pipename:$(pipe "$1")\$" | head -1; }
server_cpu_ms() { local p; p=$(server_pid "$1"); if [ -n "$p" ] && [ -r "/proc/$p/stat" ]; then awk -v t="$(getconf CLK_TCK)" '{print int(($14+$15)*1000/t)}' "/proc/$p/stat"; else echo 0; fi; }
wait_quiet() { local a b; a=$(server_cpu_ms "$1"); for _ in $(seq 1 120); do sleep 0.5; b=$(server_cpu_ms "$1"); [ $((b - a)) -le 20 ] && return; a=$b; done; }
stop_server() { local p; p=$(server_pid "$1"); [ -z "$p" ] || { kill "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; }; }
[ -z "$server" ] || trap 'for s in "${sets[@]}"; do stop_server "$s"; done' EXIT
for ((r = 0; r <= rounds; r++)); do
  for ((k = 0; k < n; k++)); do
    set=${sets[$(( (k + (r > 0 ? r - 1 : 0)) % n ))]}
    out=$(mktemp)
    if [ -z "$server" ]; then
      ( cd "$(dirname "$proj")" && /usr/bin/time -f "TIME %e %U %S %M" "$tool" "@$work/$set.rsp" > "$out" 2>&1 )
      t=$(grep '^TIME' "$out" | tail -1 | awk '{printf "wall_ms=%d cpu_ms=%d rss_mb=%d", $2*1000, ($3+$4)*1000, $5/1024}')
    else
      [ "$server" = cold ] && stop_server "$set"
      before=$(server_cpu_ms "$set"); start=$(date +%s%N)
      ( cd "$(dirname "$proj")" && "$tool" "-shared:$(pipe "$set")" "@$work/$set.rsp" > "$out" 2>&1 )
      end=$(date +%s%N)
      [ "$server" = warm ] && wait_quiet "$set"
      after=$(server_cpu_ms "$set")
      [ "$server" = cold ] && stop_server "$set"
      t="wall_ms=$(( (end - start) / 1000000 )) cpu_ms=$(( after - before )) rss_mb=0"
    fi
    warnings=$(grep -cE 'warning (MEM|IDISP|CA2000|CA2213|CA1001)[0-9]*' "$out")
    label=$([ "$r" -eq 0 ] && echo warmup || echo "$r")
    echo "round=$label set=$set $t warnings=$warnings"
    rm -f "$out"
  done
done
