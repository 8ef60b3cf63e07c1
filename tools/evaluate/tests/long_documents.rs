//! Detection on a long document: held-out articles joined into one text of about 1 MB,
//! as a long report or a book extracted from a PDF. Its words repeat far more than a
//! news article's, which once hid final ى (its few words, على إلى حتى, saturate).

use tarmim::detect::{detect, Verdict};
use tarmim::profile::DamageProfile;

/// Held-out articles joined into one text of about 1 MB.
fn long_document() -> String {
    let articles = corpus::articles().unwrap();
    let mut text = String::new();
    for a in articles.iter().filter(|a| corpus::is_evaluation(a.index)) {
        if text.len() > 1_000_000 {
            break;
        }
        text.push_str(&a.text);
        text.push_str("\n\n");
    }
    text
}

#[test]
fn long_documents_are_detected_exactly() {
    if !corpus::data_available() {
        eprintln!("skipped: no shared data");
        return;
    }
    let text = long_document();
    assert_eq!(detect(&text).verdict, Verdict::Clean);
    for profile in [
        "sample",
        "final-yeh,final-alef-maksura",
        "isolated-lam-alef,final-lam-alef",
    ] {
        let p: DamageProfile = profile.parse().unwrap();
        let damaged = tarmim::simulate::damage(&text, &p);
        assert_eq!(detect(&damaged).profile(), p, "{profile}");
    }
}

/// The same long document from a producer that reverses ligature letters: the rule's
/// quick check reads only its opening, which must be enough; the clean document gets no
/// edits from it.
#[test]
fn long_documents_with_reversed_ligatures_are_put_right() {
    if !corpus::data_available() {
        eprintln!("skipped: no shared data");
        return;
    }
    let text = long_document();
    let rep = tarmim::Repairer::new();
    let ligature_edits = |r: &tarmim::Repair<'_>| {
        (r.edits.iter())
            .filter(|e| e.rule.as_str() == "glyph/ligature-order")
            .count()
    };
    assert_eq!(ligature_edits(&rep.repair(&text)), 0);
    let damaged = tarmim::simulate::ligatures::reverse_ligatures(&text).into_owned();
    let repaired = rep.repair(&damaged);
    let wrong = |s: &str| {
        (text.split_whitespace().zip(s.split_whitespace()))
            .filter(|(a, b)| a != b)
            .count()
    };
    let (before, after) = (wrong(&damaged), wrong(&repaired.text));
    assert!(after * 10 < before, "{after} of {before} words still wrong");
}
