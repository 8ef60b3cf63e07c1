//! `--format json` (`--json`) and `--jsonl` output.

use serde_json::{json, Map, Value};
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use tarmim::diagnose::Diagnosis;
use tarmim::profile::DamageProfile;
use tarmim::{Edit, Repair, Repairer};

fn edit_json(e: &Edit<'_>) -> Value {
    json!({
        "start": e.span.start,
        "end": e.span.end,
        "original": e.original,
        "replacement": e.replacement,
        "rule": e.rule.as_str(),
        "confidence": (e.confidence as f64 * 1e4).round() / 1e4,
        "reason": e.reason,
    })
}

fn edits_json(r: &Repair<'_>) -> Value {
    Value::Array(r.edits.iter().map(edit_json).collect())
}

/// The profile applied, as its string form (`none` when empty).
fn profile_json(p: &DamageProfile) -> Value {
    Value::String(if p.is_empty() {
        "none".to_owned()
    } else {
        p.to_string()
    })
}

/// One JSON object: text, edits, profile.
pub fn write_repair(r: &Repair<'_>, out: &mut impl Write) -> io::Result<()> {
    let v = json!({
        "text": r.text,
        "edits": edits_json(r),
        "profile": profile_json(&r.profile),
    });
    serde_json::to_writer(&mut *out, &v)?;
    out.write_all(b"\n")
}

/// One JSON object for `detect --format json`: the input's name, the verdict, the glyphs
/// found missing with their evidence, and the profile repair would apply.
pub fn write_diagnosis(name: &str, d: &Diagnosis, out: &mut impl Write) -> io::Result<()> {
    let round = |x: f64, places: i32| (x * 10f64.powi(places)).round() / 10f64.powi(places);
    let missing: Vec<Value> = (d.missing.iter())
        .map(|e| {
            json!({
                "glyph": e.glyph.to_string(),
                "observed": e.observed,
                "expected": round(e.expected, 2),
                "confidence": round(e.confidence, 4),
            })
        })
        .collect();
    let v = json!({
        "input": name,
        "verdict": d.verdict.name(),
        "words": d.words,
        "glyphs": d.glyphs,
        "missing": missing,
        "profile": profile_json(&d.profile),
        "profile_given": d.profile_given,
    });
    serde_json::to_writer(&mut *out, &v)?;
    out.write_all(b"\n")
}

/// Lines repaired in parallel before any is written: enough to keep every thread busy,
/// few enough that the output of a window stays small.
const WINDOW: usize = 1024;

/// What one JSON Lines line becomes.
enum Line<'b> {
    /// Written as these bytes.
    Repaired(Vec<u8>),
    /// Written back unchanged, for this reason.
    Failed(&'b [u8], String),
}

/// Repairs every JSON Lines object's "text", each as its own document, on `jobs`
/// threads; the output is the same, in the same order, whatever `jobs` is. Lines that are
/// not JSON objects with a string "text" are written back unchanged and reported;
/// returns whether any was.
pub fn repair_jsonl(
    rep: &Repairer,
    bytes: &[u8],
    jobs: usize,
    out: &mut impl Write,
) -> io::Result<bool> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let mut failed = false;
    for (w, window) in lines.chunks(WINDOW).enumerate() {
        for (k, line) in repair_lines(rep, window, jobs).into_iter().enumerate() {
            match line {
                Line::Repaired(bytes) => out.write_all(&bytes)?,
                Line::Failed(raw, why) => {
                    let line_no = w * WINDOW + k + 1;
                    eprintln!("tarmim: line {line_no}: {why}; written back unchanged");
                    failed = true;
                    out.write_all(raw)?;
                }
            }
        }
    }
    Ok(failed)
}

/// `lines` repaired, in order: each thread takes the next line not yet taken.
fn repair_lines<'b>(rep: &Repairer, lines: &[&'b [u8]], jobs: usize) -> Vec<Line<'b>> {
    if jobs <= 1 || lines.len() <= 1 {
        return lines.iter().map(|raw| repair_line(rep, raw)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Line<'b>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.min(lines.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(raw) = lines.get(i) else { break };
                        mine.push((i, repair_line(rep, raw)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, line)| line).collect()
}

/// One line (with its line ending) repaired.
fn repair_line<'b>(rep: &Repairer, raw: &'b [u8]) -> Line<'b> {
    let (body, ending): (&[u8], &[u8]) = if raw.ends_with(b"\r\n") {
        raw.split_at(raw.len() - 2)
    } else if raw.ends_with(b"\n") {
        raw.split_at(raw.len() - 1)
    } else {
        (raw, b"")
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Line::Repaired(raw.to_vec());
    }
    match repair_object(rep, body) {
        Ok(v) => match serde_json::to_vec(&v) {
            Ok(mut bytes) => {
                bytes.extend_from_slice(ending);
                Line::Repaired(bytes)
            }
            Err(e) => Line::Failed(raw, e.to_string()),
        },
        Err(why) => Line::Failed(raw, why),
    }
}

fn repair_object(rep: &Repairer, body: &[u8]) -> Result<Value, String> {
    let mut obj: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => m,
        Ok(_) => return Err("not a JSON object".into()),
        Err(e) => return Err(format!("invalid JSON: {e}")),
    };
    let Some(Value::String(text)) = obj.get("text") else {
        return Err("no string field \"text\"".into());
    };
    let r = rep.repair(text);
    let edits = edits_json(&r);
    let profile = profile_json(&r.profile);
    let new_text = r.text.into_owned();
    obj.insert("text".into(), Value::String(new_text));
    obj.insert("edits".into(), edits);
    obj.insert("profile".into(), profile);
    Ok(Value::Object(obj))
}
