//! The command-line contract, as outside tests rely on it.

use crate::{fixture, sample};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn tarmim(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tarmim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&data));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().ok();
    out
}

fn line_endings(s: &str) -> String {
    s.chars().filter(|&c| c == '\n' || c == '\r').collect()
}

#[test]
fn repairs_a_file_keeping_lines_and_endings() {
    let input = sample();
    let out = tarmim(
        &[fixture("000_9bef6b7cce3c4a10.txt").to_str().unwrap()],
        b"",
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(line_endings(&text), line_endings(&input));
    assert_eq!(text, tarmim::repair(&input).text);
    assert!(text.contains("العسكرية"));
}

#[test]
fn crlf_and_non_arabic_survive_byte_for_byte() {
    let input = "Title: Report 2024\r\nقال إن الوفد وصل إل موسو\r\n\r\nEnd — fin.\r\n";
    let out = tarmim(&["--profile", "sample"], input.as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "Title: Report 2024\r\nقال إن الوفد وصل إلى موسكو\r\n\r\nEnd — fin.\r\n"
    );
}

#[test]
fn stdin_dash_and_empty_input() {
    let out = tarmim(&["-"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn json_edits_replay_to_the_plain_output() {
    let input = sample();
    let out = tarmim(&["--json"], input.as_bytes());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut replayed = String::new();
    let mut last = 0;
    for e in v["edits"].as_array().unwrap() {
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&input[start..end], e["original"].as_str().unwrap());
        assert!(e["rule"].as_str().unwrap().contains('/'));
        let c = e["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        replayed.push_str(&input[last..start]);
        replayed.push_str(e["replacement"].as_str().unwrap());
        last = end;
    }
    replayed.push_str(&input[last..]);
    assert_eq!(replayed, v["text"].as_str().unwrap());
    let plain = tarmim(&[], input.as_bytes());
    assert_eq!(
        String::from_utf8(plain.stdout).unwrap(),
        v["text"].as_str().unwrap()
    );
    assert!(v["profile"].is_string());
}

#[test]
fn format_json_is_json_and_detect_reports_as_json() {
    let input = sample();
    let long = tarmim(&["--format", "json"], input.as_bytes());
    assert!(long.status.success());
    assert_eq!(long.stdout, tarmim(&["--json"], input.as_bytes()).stdout);
    let text = tarmim(&["--format", "text"], input.as_bytes());
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        tarmim::repair(&input).text
    );
    let both = tarmim(&["--format", "json", "--diff"], input.as_bytes());
    assert!(!both.status.success());

    let detect = tarmim(&["detect", "--format", "json"], input.as_bytes());
    assert!(detect.status.success());
    let v: serde_json::Value = serde_json::from_slice(&detect.stdout).unwrap();
    assert_eq!(v["input"], "-");
    assert_eq!(v["verdict"], "damaged");
    assert_eq!(v["profile"], "medial-kaf,final-yeh,final-alef-maksura");
    assert_eq!(v["profile_given"], false);
    let missing = v["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 3);
    for m in missing {
        assert_eq!(m["observed"], 0);
        assert!(m["expected"].as_f64().unwrap() > 10.0);
        assert!(m["confidence"].as_f64().unwrap() > 0.98);
    }
    let short = tarmim(&["detect", "--format", "json"], "ذهب إل الت".as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&short.stdout).unwrap();
    assert_eq!(v["verdict"], "too-short");
    assert_eq!(v["profile"], "none");
}

#[test]
fn jsonl_on_several_threads_writes_what_one_thread_writes() {
    // Paragraphs of the sample as objects, some lines broken, a blank one, CRLF endings.
    let mut input = String::new();
    for (i, para) in sample().split("\n\n").enumerate() {
        let object = serde_json::json!({ "id": i, "text": para });
        input.push_str(&object.to_string());
        input.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
        if i % 4 == 1 {
            input.push_str("{\"id\": \"no text\"}\n\n");
        }
    }
    let one = tarmim(&["--jsonl", "--jobs", "1"], input.as_bytes());
    assert_eq!(one.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&one.stderr).contains("no string field"));
    for jobs in ["2", "5"] {
        let many = tarmim(&["--jsonl", "--jobs", jobs], input.as_bytes());
        assert_eq!(many.status.code(), one.status.code());
        assert_eq!(many.stdout, one.stdout, "--jobs {jobs}");
        assert_eq!(many.stderr, one.stderr, "--jobs {jobs}");
    }
    let zero = tarmim(&["--jsonl", "--jobs", "0"], input.as_bytes());
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn jsonl_repairs_each_object_and_passes_bad_lines_through() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"وصل إل موسو\", \"meta\": {\"k\": [1, 2]}}\n",
        "not json at all\n",
        "{\"id\": 3, \"text\": \"no arabic\"}\r\n",
        "{\"id\": 4}\n",
        "[1, 2]\n",
        "{\"text\": \"ف البيت\", \"z\": null}"
    );
    let out = tarmim(&["--jsonl", "--profile", "sample"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 6);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["text"], "وصل إلى موسكو");
    assert_eq!(first["id"], 1);
    assert_eq!(first["meta"]["k"][1], 2);
    assert_eq!(first["edits"].as_array().unwrap().len(), 2);
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "text", "meta", "edits", "profile"]);
    assert_eq!(lines[1], "not json at all\n");
    assert!(lines[2].ends_with("\r\n"));
    assert_eq!(lines[3], "{\"id\": 4}\n");
    assert_eq!(lines[4], "[1, 2]\n");
    assert!(!lines[5].ends_with('\n'));
    let last: serde_json::Value = serde_json::from_str(lines[5]).unwrap();
    assert_eq!(last["text"], "في البيت");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(
        stderr.contains("line 4") && stderr.contains("line 5"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_is_an_error_with_its_offset() {
    let out = tarmim(&[], b"abc \xd9\x81 \xff rest");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid UTF-8 at byte offset 7"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn multi_megabyte_single_line() {
    let unit = "قال ف البيت إن موسو عل حق، and some Latin 123. ";
    let input = unit.repeat(3_000_000 / unit.len());
    // One sentence repeated is no prose for detection to judge: give the profile.
    let out = tarmim(&["--profile", "sample"], input.as_bytes());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\n'));
    assert!(text.starts_with("قال في البيت إن موسكو على حق"));
}

#[test]
fn diff_detect_rules_and_help() {
    let diff = tarmim(
        &["--diff", "--color", "never", "--profile", "sample"],
        "وصل إل موسو\n".as_bytes(),
    );
    let d = String::from_utf8(diff.stdout).unwrap();
    assert!(
        d.contains("-وصل إل موسو") && d.contains("+وصل إلى موسكو"),
        "{d}"
    );
    assert!(d.contains("glyph/restore-dropped-letters"));
    assert!(!d.contains('\x1b'));
    let coloured = tarmim(
        &["--diff", "--color", "always", "--profile", "sample"],
        "وصل إل موسو\n".as_bytes(),
    );
    assert!(String::from_utf8(coloured.stdout).unwrap().contains('\x1b'));

    let detect = tarmim(&["detect"], sample().as_bytes());
    assert!(detect.status.success());
    let report = String::from_utf8(detect.stdout).unwrap();
    assert!(report.contains("verdict: damaged"), "{report}");
    assert!(report.contains("missing medial ك: 0 seen"), "{report}");
    assert!(
        report.contains("profile: medial-kaf,final-yeh,final-alef-maksura"),
        "{report}"
    );

    let rules = String::from_utf8(tarmim(&["rules"], b"").stdout).unwrap();
    for r in tarmim::rules::RULES {
        assert!(rules.contains(r.id.as_str()));
    }
    let help = String::from_utf8(tarmim(&["--help"], b"").stdout).unwrap();
    assert!(help.contains("Examples:") && help.contains("--jsonl"));
}

#[test]
fn bad_options_fail_clearly() {
    let out = tarmim(&["--profile", "medial-nonsense"], b"x");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("invalid damage profile"));
    let out = tarmim(&["--rules", "no/such-rule"], b"x");
    assert_eq!(out.status.code(), Some(1));
    let out = tarmim(&["/no/such/file"], b"");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn profile_none_and_simulate() {
    let out = tarmim(&["--profile", "none"], "وصل إل موسو".as_bytes());
    assert_eq!(out.stdout, "وصل إل موسو".as_bytes());
    let out = tarmim(
        &["simulate", "--profile", "final-yeh"],
        "في الماضي".as_bytes(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "ف الماض");
}

/// A reader that stops early (`tarmim … | head`) is no error: no message, success.
#[test]
fn a_closed_output_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tarmim"))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    // Far more than a pipe holds, so the writes cannot all succeed.
    let text = sample().repeat(40);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
