#!/usr/bin/env bash
# Reruns every configuration of the SPIN model docs/consistency-model.pml and prints one Markdown
# table row per run (the table in docs/consistency-model.md, section 2). Not run by Maven.
#
#   docs/model/check.sh              every configuration
#   docs/model/check.sh fixed        the configurations whose name contains "fixed" (a grep pattern)
#   docs/model/check.sh -l           list the configurations
#
# Needs spin (Debian: apt-get install spin) and gcc. Each run is exhaustive (-DSAFETY, lossless
# -DCOLLAPSE compression, partial-order reduction); the runs expected to fail search breadth-first
# (-DBFS), so the trail they report is a shortest one. The exit status is the number of runs whose
# verdict differs from the expected one. MEMLIM (MB, default 4000) and WIDTH (hash table 2^WIDTH,
# default 25) can be set in the environment.
set -u
here=$(cd "$(dirname "$0")" && pwd)
model="$here/../consistency-model.pml"
MEMLIM=${MEMLIM:-4000}
WIDTH=${WIDTH:-25}

# name | expected verdict | spin -D flags
# Workers: A 2 calls (the first already inside f), B 2 calls, no C (NCALLS_C=0), unless the name
# ends in -abc: A, B and C with 1 call each. Kinds: KIND_F KIND_G (see the model's header).
configs=$(cat <<'EOF'
fixed-00                 | pass | -DNCALLS_C=0 -DENDCHECK
fixed-11                 | pass | -DNCALLS_C=0 -DENDCHECK -DKIND_F=1 -DKIND_G=1
fixed-01                 | pass | -DNCALLS_C=0 -DENDCHECK -DKIND_F=0 -DKIND_G=1
fixed-10                 | pass | -DNCALLS_C=0 -DENDCHECK -DKIND_F=1 -DKIND_G=0
fixed-22                 | pass | -DNCALLS_C=0 -DENDCHECK -DKIND_F=2 -DKIND_G=2
fixed-20                 | pass | -DNCALLS_C=0 -DENDCHECK -DKIND_F=2 -DKIND_G=0
fixed-02                 | pass | -DNCALLS_C=0 -DENDCHECK -DKIND_F=0 -DKIND_G=2
fixed-00-abc             | pass | -DNCALLS_A=1 -DNCALLS_B=1 -DNCALLS_C=1 -DENDCHECK
fixed-22-abc             | pass | -DNCALLS_A=1 -DNCALLS_B=1 -DNCALLS_C=1 -DENDCHECK -DKIND_F=2 -DKIND_G=2
fixed-h-00               | pass | -DNCALLS_C=0 -DENDCHECK -DWITH_H
fixed-h-11               | pass | -DNCALLS_C=0 -DENDCHECK -DWITH_H -DKIND_F=1 -DKIND_G=1
fixed-h-22               | pass | -DNCALLS_C=0 -DENDCHECK -DWITH_H -DKIND_F=2 -DKIND_G=2
fixed-rev-00             | pass | -DNCALLS_C=0 -DENDCHECK -DREVERSAL -DMAXFLIPS=2
fixed-rev-11             | pass | -DNCALLS_C=0 -DENDCHECK -DREVERSAL -DMAXFLIPS=2 -DKIND_F=1 -DKIND_G=1
fixed-rev-22             | pass | -DNCALLS_C=0 -DENDCHECK -DREVERSAL -DMAXFLIPS=2 -DKIND_F=2 -DKIND_G=2
fixed-rev-h-22           | pass | -DNCALLS_C=0 -DENDCHECK -DREVERSAL -DWITH_H -DKIND_F=2 -DKIND_G=2
fixed-rev-h-00           | pass | -DNCALLS_C=0 -DENDCHECK -DREVERSAL -DWITH_H
fixed-force-00           | pass | -DNCALLS_C=0 -DENDCHECK -DFORCE
fixed-force-11           | pass | -DNCALLS_C=0 -DENDCHECK -DFORCE -DKIND_F=1 -DKIND_G=1
fixed-force-01           | pass | -DNCALLS_C=0 -DENDCHECK -DFORCE -DKIND_F=0 -DKIND_G=1
fixed-force-10           | pass | -DNCALLS_C=0 -DENDCHECK -DFORCE -DKIND_F=1 -DKIND_G=0
fixed-force-22           | pass | -DNCALLS_C=0 -DENDCHECK -DFORCE -DKIND_F=2 -DKIND_G=2
fixed-force-rev-11       | pass | -DNCALLS_C=0 -DENDCHECK -DFORCE -DREVERSAL -DKIND_F=1 -DKIND_G=1
fixed-b2b-22             | pass | -DNCALLS_C=0 -DENDCHECK -DB2B -DKIND_F=2 -DKIND_G=2
fixed-b2b-21             | pass | -DNCALLS_C=0 -DENDCHECK -DB2B -DKIND_F=2 -DKIND_G=1
fixed-b2b-00             | pass | -DNCALLS_C=0 -DENDCHECK -DB2B
fixed-b2b-33             | pass | -DNCALLS_C=0 -DENDCHECK -DB2B -DKIND_F=3 -DKIND_G=3
fixed-b2b-rev-22         | pass | -DNCALLS_C=0 -DENDCHECK -DB2B -DREVERSAL -DKIND_F=2 -DKIND_G=2
fixed-b2b-force-21       | pass | -DNCALLS_C=0 -DENDCHECK -DB2B -DFORCE -DKIND_F=2 -DKIND_G=1
fixed-anyorder-00        | pass | -DNCALLS_C=0 -DENDCHECK -DANY_ORDER
fixed-anyorder-11        | pass | -DNCALLS_C=0 -DENDCHECK -DANY_ORDER -DKIND_F=1 -DKIND_G=1
fixed-anyorder-22        | pass | -DNCALLS_C=0 -DENDCHECK -DANY_ORDER -DKIND_F=2 -DKIND_G=2
fixed-anyorder-rev-22    | pass | -DNCALLS_C=0 -DENDCHECK -DANY_ORDER -DREVERSAL -DKIND_F=2 -DKIND_G=2
fixed-anyorder-b2b-22    | pass | -DNCALLS_C=0 -DENDCHECK -DANY_ORDER -DB2B -DKIND_F=2 -DKIND_G=2
fixed-virtualB-22        | pass | -DNCALLS_C=0 -DENDCHECK -DVIRTUAL_B -DKIND_F=2 -DKIND_G=2
fixed-unsampledA-00      | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A
fixed-unsampledA-11      | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DKIND_F=1 -DKIND_G=1
fixed-unsampledAB-22     | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DKIND_F=2 -DKIND_G=2
fixed-unsampledAB-h-00   | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DWITH_H
fixed-unsampledAB-rev-22 | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DREVERSAL -DMAXFLIPS=2 -DKIND_F=2 -DKIND_G=2
fixed-unsampledAB-force-11 | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DFORCE -DKIND_F=1 -DKIND_G=1
fixed-unsampledAB-b2b-22 | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DB2B -DKIND_F=2 -DKIND_G=2
fixed-unsampledAB-anyorder-22 | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DANY_ORDER -DKIND_F=2 -DKIND_G=2
fixed-unsampledA-virtualB-22 | pass | -DNCALLS_C=0 -DENDCHECK -DUNSAMPLED_A -DVIRTUAL_B -DKIND_F=2 -DKIND_G=2
fixed-unsampled-abc-00   | pass | -DNCALLS_A=1 -DNCALLS_B=1 -DNCALLS_C=1 -DENDCHECK -DUNSAMPLED_A -DUNSAMPLED_B -DUNSAMPLED_C
ablation-started-early   | pass | -DNCALLS_C=0 -DENDCHECK -DSTARTED_EARLY
ablation-no-gate-22      | pass | -DNCALLS_C=0 -DENDCHECK -DNO_STARTED_GATE -DKIND_F=2 -DKIND_G=2
ablation-first-init-22   | pass | -DNCALLS_C=0 -DNESTED_FIRST_INITIAL -DKIND_F=2 -DKIND_G=2
ablation-no-nested-init  | pass | -DNCALLS_C=0 -DENDCHECK -DNO_NESTED_INITIAL -DKIND_F=2 -DKIND_G=2
ablation-ispatched-init  | pass | -DNCALLS_C=0 -DENDCHECK -DISPATCHED_INITIAL -DKIND_F=2 -DKIND_G=2
ablation-guards-first    | pass | -DNCALLS_C=0 -DENDCHECK -DGUARDS_FIRST -DKIND_F=2 -DKIND_G=2
ablation-M2              | pass | -DNCALLS_C=0 -DENDCHECK -DM2
BACKOFF_READS-00         | fail | -DNCALLS_C=0 -DBACKOFF_READS
BACKOFF_READS-11         | fail | -DNCALLS_C=0 -DBACKOFF_READS -DKIND_F=1 -DKIND_G=1
BACKOFF_READS-22         | fail | -DNCALLS_C=0 -DBACKOFF_READS -DKIND_F=2 -DKIND_G=2
BACKOFF_READS-b2b-22     | fail | -DNCALLS_C=0 -DBACKOFF_READS -DB2B -DKIND_F=2 -DKIND_G=2
NESTED_FIRST_INITIAL-00  | fail | -DNCALLS_C=0 -DNESTED_FIRST_INITIAL
NESTED_FIRST_INITIAL-01  | fail | -DNCALLS_C=0 -DNESTED_FIRST_INITIAL -DKIND_F=0 -DKIND_G=1
NESTED_FIRST_INITIAL-10  | fail | -DNCALLS_C=0 -DNESTED_FIRST_INITIAL -DKIND_F=1 -DKIND_G=0
NESTED_FIRST_INITIAL-11  | fail | -DNCALLS_C=0 -DNESTED_FIRST_INITIAL -DKIND_F=1 -DKIND_G=1
NESTED_FIRST_INITIAL-20  | fail | -DNCALLS_C=0 -DNESTED_FIRST_INITIAL -DKIND_F=2 -DKIND_G=0
FORCE_THROWS-11          | fail | -DNCALLS_C=0 -DFORCE -DFORCE_THROWS -DKIND_F=1 -DKIND_G=1
FORCE_THROWS-01          | fail | -DNCALLS_C=0 -DFORCE -DFORCE_THROWS -DKIND_F=0 -DKIND_G=1
FORCE_THROWS-10          | fail | -DNCALLS_C=0 -DFORCE -DFORCE_THROWS -DKIND_F=1 -DKIND_G=0
NO_REMAINING_CHECK-h-22  | fail | -DNCALLS_C=0 -DWITH_H -DNO_REMAINING_CHECK -DKIND_F=2 -DKIND_G=2
NO_REMAINING_CHECK-h-00  | fail | -DNCALLS_C=0 -DWITH_H -DNO_REMAINING_CHECK
REVERSE_KEEPS_COMPLETING-rev-22 | fail | -DNCALLS_C=0 -DREVERSAL -DMAXFLIPS=2 -DREVERSE_KEEPS_COMPLETING -DKIND_F=2 -DKIND_G=2
ISPATCHED_INITIAL-anyorder-22 | fail | -DNCALLS_C=0 -DANY_ORDER -DISPATCHED_INITIAL -DKIND_F=2 -DKIND_G=2
ISPATCHED_INITIAL-guards-first-22 | fail | -DNCALLS_C=0 -DGUARDS_FIRST -DISPATCHED_INITIAL -DKIND_F=2 -DKIND_G=2
NO_STARTED_GATE-00       | fail | -DNCALLS_C=0 -DNO_STARTED_GATE
NO_STARTED_GATE-11       | fail | -DNCALLS_C=0 -DNO_STARTED_GATE -DKIND_F=1 -DKIND_G=1
NO_FIX_A-22              | fail | -DNCALLS_C=0 -DNO_FIX_A -DKIND_F=2 -DKIND_G=2
NO_FIX_C-rev-22          | fail | -DNCALLS_C=0 -DNO_FIX_C -DREVERSAL -DKIND_F=2 -DKIND_G=2
ABSENT_IS_TARGET-22      | fail | -DNCALLS_C=0 -DABSENT_IS_TARGET -DKIND_F=2 -DKIND_G=2
DROP_UNSAMPLED-virtualB-22 | fail | -DNCALLS_C=0 -DDROP_UNSAMPLED -DVIRTUAL_B -DKIND_F=2 -DKIND_G=2
DROP_UNSAMPLED-unsampledA-00 | fail | -DNCALLS_C=0 -DDROP_UNSAMPLED -DUNSAMPLED_A
UNSAMPLED_IS_EMPTY-unsampledA-00 | fail | -DNCALLS_C=0 -DUNSAMPLED_IS_EMPTY -DUNSAMPLED_A
UNSAMPLED_IS_EMPTY-unsampledA-11 | fail | -DNCALLS_C=0 -DUNSAMPLED_IS_EMPTY -DUNSAMPLED_A -DKIND_F=1 -DKIND_G=1
UNSAMPLED_IS_EMPTY-unsampledA-22 | fail | -DNCALLS_C=0 -DUNSAMPLED_IS_EMPTY -DUNSAMPLED_A -DKIND_F=2 -DKIND_G=2
UNSAMPLED_IS_EMPTY-virtualB-22 | fail | -DNCALLS_C=0 -DUNSAMPLED_IS_EMPTY -DVIRTUAL_B -DKIND_F=2 -DKIND_G=2
M1-22                    | fail | -DNCALLS_C=0 -DM1 -DKIND_F=2 -DKIND_G=2
M1B-22                   | fail | -DNCALLS_C=0 -DM1B -DKIND_F=2 -DKIND_G=2
M2-no-nested-init-00     | fail | -DNCALLS_C=0 -DM2 -DNO_NESTED_INITIAL
M3-00                    | fail | -DNCALLS_C=0 -DM3
M4-00                    | fail | -DNCALLS_C=0 -DM4
VIRTUAL_A-00             | fail | -DNCALLS_C=0 -DVIRTUAL_A
EOF
)

if [ "${1:-}" = "-l" ]; then
    echo "$configs" | cut -d'|' -f1,2
    exit 0
fi
pattern=${1:-.}

command -v spin >/dev/null || { echo "spin not found (apt-get install spin)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$model" "$work/cm.pml"

prop() {
    case "$1" in
        *'vg==vf'*) echo P1 ;;
        *disagree*) echo P2 ;;
        *thrown*) echo P3 ;;
        *'gmode['*|*'st[('*|*'has[('*) echo ENDCHECK ;;
        *) echo "$1" ;;
    esac
}

mismatches=0
echo "| Configuration | Expected | Result | States stored | Depth | Memory (MB) | Wall (CPU) s | Flags |"
echo "|---|---|---|---|---|---|---|---|"
while IFS='|' read -r name expect flags; do
    name=$(echo "$name" | xargs); expect=$(echo "$expect" | xargs); flags=$(echo "$flags" | xargs)
    [ -z "$name" ] && continue
    echo "$name" | grep -qE -- "$pattern" || continue
    dir="$work/$name"; mkdir -p "$dir"; cp "$work/cm.pml" "$dir/"
    search="-DCOLLAPSE"; [ "$expect" = fail ] && search="-DCOLLAPSE -DBFS"
    # shellcheck disable=SC2086
    ( cd "$dir" && spin -a $flags cm.pml >spin.txt 2>&1 \
        && gcc -O2 -w -DSAFETY $search -DMEMLIM="$MEMLIM" -o pan pan.c \
        && /usr/bin/time -f '%e %U' -o time.txt ./pan -m3000000 -w"$WIDTH" >pan.txt 2>&1 )
    out="$dir/pan.txt"
    if [ ! -s "$out" ]; then
        echo "| $name | $expect | ERROR (spin/gcc: $(head -c 200 "$dir/spin.txt")) | | | | | \`$flags\` |"
        mismatches=$((mismatches + 1)); continue
    fi
    errors=$(grep -o 'errors: [0-9]*' "$out" | awk '{print $2}')
    stored=$(grep 'states, stored' "$out" | awk '{print $1}')
    depth=$(grep -o 'depth reached [0-9]*' "$out" | awk '{print $3}')
    mem=$(grep 'total actual memory usage' "$out" | awk '{print $1}')
    secs=$(tail -1 "$dir/time.txt" 2>/dev/null | awk '{print $1 " (" $2 " CPU)"}')
    if grep -q 'out of memory\|max search depth too small' "$out"; then
        result="INCOMPLETE ($(grep -m1 'out of memory\|max search depth' "$out"))"
    elif [ "${errors:-1}" = 0 ]; then
        result=pass
    else
        what=$(grep -m1 -o 'assertion violated.*(at depth' "$out" | sed 's/assertion violated *//; s/ (at depth//')
        [ -z "$what" ] && what=$(grep -m1 -o 'invalid end state' "$out")
        at=$(grep -m1 -o 'at depth [0-9]*' "$out" | awk '{print $3}')
        result="FAIL $(prop "$what"), trail $at steps"
    fi
    verdict=${result%% *}
    [ "$verdict" = FAIL ] && verdict=fail
    [ "$verdict" != "$expect" ] && { mismatches=$((mismatches + 1)); result="$result **(expected $expect)**"; }
    echo "| $name | $expect | $result | $stored | $depth | $mem | $secs | \`$flags\` |"
done <<< "$configs"
exit "$mismatches"
