//! `--format json` (`--json`) and `--jsonl` output.

use serde_json::{json, Map, Value};
use std::io::{self, Write};
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

/// Repairs every JSON Lines object's "text". Lines that are not JSON objects with a
/// string "text" are written back unchanged and reported; returns whether any was.
pub fn repair_jsonl(rep: &Repairer, bytes: &[u8], out: &mut impl Write) -> io::Result<bool> {
    let mut failed = false;
    for (i, raw) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let (body, ending): (&[u8], &[u8]) = if raw.ends_with(b"\r\n") {
            raw.split_at(raw.len() - 2)
        } else if raw.ends_with(b"\n") {
            raw.split_at(raw.len() - 1)
        } else {
            (raw, b"")
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            out.write_all(raw)?;
            continue;
        }
        match repair_object(rep, body) {
            Ok(v) => {
                serde_json::to_writer(&mut *out, &v)?;
                out.write_all(ending)?;
            }
            Err(why) => {
                eprintln!("tarmim: line {line_no}: {why}; written back unchanged");
                failed = true;
                out.write_all(raw)?;
            }
        }
    }
    Ok(failed)
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
