#!/usr/bin/env bash
# Double coding, disputes and adjudication, driven in tmux with the keys the README documents
# (issue 15's "Done when"), plus screen captures of the codebook panel and the model's reasons.
#
#   scripts/review_demo.sh [WORK_DIR]
#
# Reviewer A sets R1 to one theme (with a note); reviewer B, blind, sets another; assignments.csv
# then shows R1 as `disputed` with the model's primary. C adjudicates: R1 becomes `adjudicated`
# with C's theme, and `coder agreement` counts the disagreement. Screens are saved as text under
# $CAPTURES (default WORK_DIR/captures); transcript.txt there holds every step.
# Needs tmux; PYTHON defaults to .venv/bin/python of this checkout, MODEL to e5.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
MODEL=${MODEL:-e5}
WORK=${1:-$(mktemp -d -t coder-review-demo.XXXXXX)}
CAPTURES=${CAPTURES:-$WORK/captures}
PROJECT=$WORK/project
SESSION=coder-review-demo-$$
mkdir -p "$WORK" "$CAPTURES"
TRANSCRIPT=$CAPTURES/transcript.txt
: > "$TRANSCRIPT"
cd "$ROOT"
coder() { "$PY" -m coder.cli "$@"; }

log() { printf '%s\n' "$*" | tee -a "$TRANSCRIPT"; }
finish() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }
trap finish EXIT

# --- a small survey: sample answers, respondents R1..R12 -------------------------------------
cat > "$WORK/survey.csv" <<'CSV'
id;speciale;kommentar
R1;Ortopædkirurgi;Mere praksisnært indhold
R2;Øjenlæger;Vi kunne godt have lidt mere ledelse af møderne, de flyder ud
R3;Psykiatri;Det bedste ved klyngen er kollegerne
R4;Radiologi;Data på ventetider og antal afsluttede forløb, det er det regionen spørger til alligevel
R5;Dermatologi;Det er spild af tid, som jeg også har skrevet de sidste to år
R6;Øre-næse-hals;bedre styr på dagsorden
R7;Gynækologi;Oplæg fra sygehuskolleger
R8;Reumatologi;Den uformelle snak i pauserne giver ofte mere end selve mødet
R9;Radiologi;Ingen kommentarer.
R10;Psykiatri;Vi bruger tiden på ligegyldige skemaer, mens min patient 150372-1234 ventede 3 mdr. på en scanning. Det er den slags vi burde tale om
R11;Øjenlæger;Nogen der kan hjælpe med at trække data. Det kan ikke være meningen vi skal sidde med Excel om aftenen
R12;Psykiatri;Positiv oplevelse generelt
CSV

log "\$ coder code survey.csv -c codebooks/klynger.yaml -o project -t kommentar --id-col id --model $MODEL"
rm -rf "$PROJECT"
coder code "$WORK/survey.csv" -c codebooks/klynger.yaml -o "$PROJECT" -t kommentar --id-col id --model "$MODEL" \
    --quotes 0 >> "$TRANSCRIPT" 2>&1

# --- tmux helpers ------------------------------------------------------------------------------
start() {  # start SIZE COMMAND...: run a command in a fresh tmux session of that size
  local size=$1; shift
  finish
  tmux new-session -d -s "$SESSION" -x "${size%x*}" -y "${size#*x}" \
      "cd '$ROOT' && '$PY' -m coder.cli $* ; echo '[exited]'; sleep 600"
}
wait_for() {  # wait_for TEXT: until the screen shows TEXT (30 s at most)
  for _ in $(seq 1 150); do
    tmux capture-pane -p -t "$SESSION" | grep -qF -- "$1" && return 0
    sleep 0.2
  done
  log "!! timed out waiting for: $1"; tmux capture-pane -p -t "$SESSION" | tee -a "$TRANSCRIPT"; exit 1
}
press() {  # press KEY...: tmux key names (Enter, Up, …) or literal text with -l
  log "   keys: $*"
  tmux send-keys -t "$SESSION" "$@"
  sleep 0.6
}
type_text() { log "   type: $1"; tmux send-keys -t "$SESSION" -l "$1"; sleep 0.4; }
shot() {  # shot NAME: save the screen as CAPTURES/NAME.txt and into the transcript
  tmux capture-pane -p -t "$SESSION" > "$CAPTURES/$1.txt"
  log "--- screen: $1 ---"; cat "$CAPTURES/$1.txt" >> "$TRANSCRIPT"; log "---"
}
row() {  # the R1 line of assignments.csv: id, primary, themes, label_source, note
  "$PY" - "$PROJECT/assignments.csv" <<'PYCODE'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["id"] == "R1":
        print(f"assignments.csv R1: primary={r['primary']} themes={r['themes']} label_source={r['label_source']} "
              f"note={r['note']!r}")
PYCODE
}
model_primary() {
  "$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select primary_theme from predictions \
where comment_id='R1::kommentar' order by run_id desc\").fetchone()[0])" "$PROJECT/coder.db"
}

MODEL_PRIMARY=$(model_primary)
log "model's primary for R1: $MODEL_PRIMARY"
# A's theme and B's theme: two themes the model did not choose (digits are codebook positions)
IDS=(indhold struktur social data kritik andet)
pick() { for k in "${!IDS[@]}"; do [[ ${IDS[$k]} != "$MODEL_PRIMARY" && ${IDS[$k]} != "${1:-}" ]] && { echo $((k + 1)); return; }; done; }
A_KEY=$(pick); A_THEME=${IDS[$((A_KEY - 1))]}
B_KEY=$(pick "$A_THEME"); B_THEME=${IDS[$((B_KEY - 1))]}

# --- reviewer A: R1 is A_THEME only, with a note ------------------------------------------------
log ""; log "\$ coder review project --reviewer A        (tmux 80x24)"
start 80x24 review "$PROJECT" --reviewer A
wait_for "svar 1 af"
press g; type_text R1; press Enter
wait_for "R1 · kommentar"
press o "$A_KEY"
press n; type_text "læser det som $A_THEME"; press Enter
shot a_before_saving
press Enter
wait_for "Gemt R1"
press q
wait_for "gemt i denne session"
shot a_after_quitting
log "$(row)"

# --- reviewer B, blind: R1 is B_THEME only -----------------------------------------------------------
log ""; log "\$ coder review project --reviewer B --blind        (tmux 80x24)"
start 80x24 review "$PROJECT" --reviewer B --blind
wait_for "svar 1 af"
press g; type_text R1; press Enter
wait_for "R1 · kommentar"
press o "$B_KEY"
press n; type_text "læser det som $B_THEME"; press Enter
shot b_blind_before_saving
press Enter
wait_for "Gemt R1"
press q
wait_for "gemt i denne session"
R1=$(row); log "$R1"
[[ $R1 == *"primary=$MODEL_PRIMARY "*"label_source=disputed "* ]] \
  || { log "!! R1 should be disputed with the model's primary $MODEL_PRIMARY"; exit 1; }
log "OK: R1 is disputed and keeps the model's primary ($MODEL_PRIMARY)"

# --- C adjudicates: A's theme ----------------------------------------------------------------------
log ""; log "\$ coder review project --adjudicate --reviewer C        (tmux 80x24)"
start 80x24 review "$PROJECT" --adjudicate --reviewer C
wait_for "afgørelse"
shot c_adjudication
press o "$A_KEY"
press Enter
wait_for "afgjort: 1 af 1"
press q
wait_for "gemt i denne session"
R1=$(row); log "$R1"
[[ $R1 == *"primary=$A_THEME "*"label_source=adjudicated "* ]] || { log "!! R1 should be adjudicated as $A_THEME"; exit 1; }
log "OK: R1 is adjudicated as $A_THEME"

log ""; log "\$ coder agreement project"
COLUMNS=100 coder agreement "$PROJECT" | tee -a "$TRANSCRIPT" > "$CAPTURES/agreement.txt"
grep -q "$A_THEME *│ *$B_THEME *│ *1 " "$CAPTURES/agreement.txt" \
  || { log "!! coder agreement should count A's $A_THEME against B's $B_THEME"; exit 1; }
log "OK: coder agreement counts the disagreement ($A_THEME against $B_THEME on R1)"

# --- the codebook panel and the model's reasons, at 80x24 and 120x35 ---------------------------------
for size in 80x24 120x35; do
  log ""; log "\$ coder review project --reviewer D        (tmux $size)"
  start "$size" review "$PROJECT" --reviewer D
  wait_for "svar 1 af"
  press g; type_text R6; press Enter
  wait_for "R6 · kommentar"
  shot "reasons_$size"
  if [[ $size == 80x24 ]]; then press c; else press Down; fi
  shot "codebook_$size"
  press g; type_text R10; press Enter
  wait_for "R10 · kommentar"
  shot "redacted_$size"
  press q
done
log ""; log "Captures: $CAPTURES"
