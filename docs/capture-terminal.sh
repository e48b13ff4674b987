#!/usr/bin/env bash
# Captures what a person sees in a terminal while the quickstart runs, from a real run in tmux:
#   docs/terminal-quickstart.txt  the screen mid-sweep (live status line at the bottom) and at the end
#   docs/terminal-ctrl-c.txt      Ctrl-C during a sweep, 'metaopt status', then 'metaopt resume'
# Usage (from the repository root, after 'mvn -B -ntp -q package -DskipTests'):
#   docs/capture-terminal.sh
# Needs tmux (Debian package 'tmux'). Each campaign runs in a fresh copy of examples/quickstart
# under a temporary directory; nothing in the checkout is written but the two files above.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$repo/target/metaopt.jar" ] || { echo "build first: mvn -B -ntp -q package -DskipTests" >&2; exit 1; }
command -v tmux >/dev/null || { echo "needs tmux (apt-get install tmux)" >&2; exit 1; }

socket="metaopt-capture-$$"       # a tmux server of our own: nobody else's session is touched
work="$(mktemp -d /tmp/metaopt-demo.XXXXXX)"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# A pane of 160 x 40 running a plain shell whose prompt is '$ ', with metaopt on the PATH.
start_shell() {
  tmux -L "$socket" kill-server 2>/dev/null || true
  rm -rf "$work/project" && mkdir -p "$work/project/examples"
  cp -r "$repo/examples/quickstart" "$work/project/examples/"
  tmux -L "$socket" new-session -d -s demo -x 160 -y 40 -c "$work/project" \
    env PATH="$repo/bin:$PATH" PS1='$ ' TERM=xterm-256color bash --norc --noprofile
}
type_line() { tmux -L "$socket" send-keys -t demo -l "$1"; tmux -L "$socket" send-keys -t demo Enter; }
# The visible screen (with "all": the scrollback too), without trailing spaces and empty lines.
screen() {
  tmux -L "$socket" capture-pane -p -t demo ${1:+-S -} | sed -e 's/[[:space:]]*$//' \
    | awk '{ line[NR] = $0 } END { n = NR; while (n > 0 && line[n] == "") n--; for (i = 1; i <= n; i++) print line[i] }'
}
# Waits until the visible screen matches an extended regex (10 minutes at most).
await() {
  for _ in $(seq 1 1200); do
    if screen | grep -Eq "$1"; then return 0; fi
    sleep 0.5
  done
  echo "never appeared: $1" >&2; screen >&2; exit 1
}
# Clears the screen and waits for the bare prompt: text typed earlier would be echoed before it.
clear_screen() {
  type_line "clear"
  for _ in $(seq 1 120); do
    if [ "$(screen)" = '$' ]; then return 0; fi
    sleep 0.5
  done
  echo "the screen did not clear" >&2; exit 1
}
section() { printf '## %s\n\n```\n%s\n```\n\n' "$1" "$2"; }

campaign=examples/quickstart/ml_metaopt_campaign.yaml

# 1. The quickstart, mid-sweep and at the end.
start_shell
type_line "metaopt preflight $campaign >/dev/null && metaopt run $campaign; echo \"exit code \$?\""
await '^iter 2/3 · sweep [2-5]/6 done, 2 running .* left$'
mid="$(screen)"
await '^exit code [0-9]+$'
end="$(screen)"
{
  echo "# The quickstart in a terminal"
  echo
  echo "Captured from a real run by \`docs/capture-terminal.sh\` (tmux, 160 columns): the live"
  echo "status line is the last line of the screen, redrawn in place."
  echo
  section "Mid-sweep (iteration 2)" "$mid"
  section "At the end" "$end"
} > "$repo/docs/terminal-quickstart.txt"

# 2. Ctrl-C during a sweep, status, then resume.
start_shell
type_line "metaopt preflight $campaign >/dev/null && metaopt run $campaign; echo \"exit code \$?\""
await '^iter 2/3 · sweep [1-4]/6 done, 2 running'
tmux -L "$socket" send-keys -t demo C-c   # the terminal sends SIGINT to the foreground group
await '^exit code [0-9]+$'
stopped="$(screen)"
clear_screen
type_line "metaopt status $campaign"
await '^next '
status="$(screen)"
clear_screen
tmux -L "$socket" clear-history -t demo   # the resume section starts at its command
resume_command="$(printf '%s\n' "$stopped" | grep -Eo 'metaopt resume -C [^ ]+' | tail -1)"
type_line "$resume_command; echo \"exit code \$?\""
await '^exit code [0-9]+$'
resumed="$(screen all)"
{
  echo "# Ctrl-C, then resume"
  echo
  echo "Captured from a real run by \`docs/capture-terminal.sh\` (tmux, 160 columns). Ctrl-C was"
  echo "pressed during iteration 2's sweep: metaopt stops after the step in progress, the trials"
  echo "keep running, and \`resume\` collects them (no trial runs twice)."
  echo
  section "Ctrl-C during a sweep" "$stopped"
  section "metaopt status, while nothing runs the campaign" "$status"
  section "The printed resume command, to the end" "$resumed"
} > "$repo/docs/terminal-ctrl-c.txt"
echo "wrote docs/terminal-quickstart.txt and docs/terminal-ctrl-c.txt"
