//! Data-driven cases, split as python-ftfy splits them: in the wild (from real extracted
//! text), synthetic (damage we wrote), negative (must not change) and known failures.

use crate::fixture;
use tarmim::profile::DamageProfile;
use tarmim::{ProfileChoice, Repairer};

/// One case: where it is, the profile to repair with, the input and the expected output.
struct Case {
    line: usize,
    profile: ProfileChoice,
    input: String,
    expected: String,
}

/// The cases of an `input<TAB>expected` file. `#` starts a comment; a `# profile: P`
/// line sets the profile for the cases after it (one line is too short for detection,
/// so each file says which document profile its lines come from). Without one, the
/// profile is detected, as by default. `\n` in either field stands for a line break
/// (layout cases span lines).
fn read_cases(name: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(fixture(&format!("cases/{name}"))).unwrap();
    let mut profile = ProfileChoice::Auto;
    let mut cases = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if let Some(p) = l.strip_prefix("# profile:") {
            profile = ProfileChoice::Given(p.trim().parse().unwrap());
            continue;
        }
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let (a, b) = l
            .split_once('\t')
            .unwrap_or_else(|| panic!("{name}:{}: no tab", i + 1));
        cases.push(Case {
            line: i + 1,
            profile: profile.clone(),
            input: a.replace("\\n", "\n"),
            expected: b.replace("\\n", "\n"),
        });
    }
    cases
}

fn check_pairs(name: &str) {
    let mut failures = Vec::new();
    let cases = read_cases(name);
    assert!(!cases.is_empty(), "{name} has no cases");
    for Case {
        line,
        profile,
        input,
        expected,
    } in cases
    {
        let got = Repairer::new()
            .profile(profile)
            .repair(&input)
            .text
            .into_owned();
        if got != expected {
            failures.push(format!(
                "{name}:{line}\n  input:    {input}\n  expected: {expected}\n  got:      {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn in_the_wild() {
    check_pairs("in-the-wild.tsv");
}

#[test]
fn synthetic() {
    check_pairs("synthetic.tsv");
}

#[test]
fn negative_files_come_out_unchanged() {
    let dir = fixture("negative");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Detected (the default), and with the sample's profile forced on.
        let forced = ProfileChoice::Given(DamageProfile::sample());
        for choice in [ProfileChoice::Auto, forced] {
            let r = Repairer::new().profile(choice).repair(&text);
            assert!(r.edits.is_empty(), "{}: {:?}", path.display(), r.edits);
            assert!(matches!(r.text, std::borrow::Cow::Borrowed(_)));
        }
        n += 1;
    }
    assert!(n >= 3);
}

/// Known failures must still fail: when one starts passing, move it to the cases it now
/// belongs with.
#[test]
fn known_failures_still_fail() {
    for Case {
        line,
        profile,
        input,
        expected,
    } in read_cases("known-failures.tsv")
    {
        let got = Repairer::new()
            .profile(profile)
            .repair(&input)
            .text
            .into_owned();
        assert_ne!(
            got, expected,
            "known-failures.tsv:{line} passes now; move it to in-the-wild or synthetic"
        );
    }
}

#[test]
fn sample_article_restored_words() {
    let input = crate::sample();
    let r = tarmim::repair(&input);
    let text = r.text;
    for word in [
        "العسكرية",
        "موسكو",
        "الكرملين",
        "يشكل",
        "سكانها",
        "نيكول",
        "تفكك",
        "في",
        "التي",
        "الماضي",
        "الأراضي",
        "تعاني",
        "على",
        "إلى",
        "أنهى",
        "الأولى",
        "النفوذ الروسي",
    ] {
        assert!(
            text.contains(word),
            "{word} missing from the repaired sample"
        );
    }
    for damaged in [" ف ", " عل ", " إل ", "الت ", "موسو", "العسرية", "الرملين"]
    {
        assert!(
            !text.contains(damaged),
            "{damaged:?} still in the repaired sample"
        );
    }
    // Context keeps what is right as it stands.
    assert!(text.contains("الجنود الروس الذين"));
}
