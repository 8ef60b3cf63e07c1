//! `--diff`: the changed lines, before and after, with every edit explained.

use std::io::{self, Write};
use tarmim::Repair;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Writes, for every line with edits, the old and new line and one line per edit.
pub fn write_diff(
    name: &str,
    input: &str,
    r: &Repair<'_>,
    color: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let paint = |code: &'static str| if color { code } else { "" };
    let name = if name == "-" { "<stdin>" } else { name };
    writeln!(out, "{}--- {name}{}", paint(BOLD), paint(RESET))?;
    if r.edits.is_empty() {
        return writeln!(out, "no changes");
    }
    let mut edits = r.edits.iter().peekable();
    let mut line_start = 0;
    for (n, line) in input.split_inclusive('\n').enumerate() {
        let line_end = line_start + line.len();
        let mut here = Vec::new();
        while let Some(e) = edits.next_if(|e| {
            e.span.start < line_end || (e.span.start == line_end && line_end == input.len())
        }) {
            here.push(e);
        }
        if !here.is_empty() {
            let body = line.trim_end_matches(['\n', '\r']);
            let mut new = String::new();
            let mut last = line_start;
            for e in &here {
                let from = e.span.start.max(last);
                new.push_str(&input[last..from]);
                new.push_str(&e.replacement);
                last = e.span.end.max(from);
            }
            if last < line_start + body.len() {
                new.push_str(&input[last..line_start + body.len()]);
            }
            writeln!(out, "@@ line {} @@", n + 1)?;
            writeln!(out, "{}-{body}{}", paint(RED), paint(RESET))?;
            writeln!(out, "{}+{new}{}", paint(GREEN), paint(RESET))?;
            for e in here {
                writeln!(
                    out,
                    "{}  «{}» → «{}»  {} {:.2}: {}{}",
                    paint(DIM),
                    e.original,
                    e.replacement,
                    e.rule,
                    e.confidence,
                    e.reason,
                    paint(RESET)
                )?;
            }
        }
        line_start = line_end;
    }
    writeln!(out, "{} edits", r.edits.len())
}
