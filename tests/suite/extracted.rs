//! Text real extractors wrote for real PDFs (`fixtures/extracted/`): each file is
//! repaired with the profile detected, as by default, and compared token by token with
//! what it should read.

use crate::fixture;
use tarmim::simulate::compare::{token_errors, tokens};
use tarmim::Repairer;

#[test]
fn extracted_pdf_text_is_repaired() {
    let manifest = std::fs::read_to_string(fixture("extracted/manifest.tsv")).unwrap();
    let mut checked = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, expected, most] = fields[..] else {
            panic!("manifest line {line:?}");
        };
        let input = std::fs::read_to_string(fixture(&format!("extracted/{file}"))).unwrap();
        let want = std::fs::read_to_string(fixture(&format!("extracted/{expected}"))).unwrap();
        let repair = Repairer::new().repair(&input);
        let errors = token_errors(&tokens(&want), &tokens(&repair.text));
        let before = token_errors(&tokens(&want), &tokens(&input));
        assert!(
            errors <= most.parse::<usize>().unwrap(),
            "{file}: {errors} token errors after repair (at most {most}; {before} before)"
        );
        assert_eq!(
            tarmim::apply_edits(&input, &repair.edits),
            repair.text,
            "{file}: edits replay"
        );
        let again = Repairer::new().repair(&repair.text);
        assert!(
            again.edits.is_empty(),
            "{file}: repairing again changed {:?}",
            again.edits
        );
        assert!(
            !repair.text.contains(['\u{202A}', '\u{202B}', '\u{202C}']),
            "{file}: embedding controls left"
        );
        checked += 1;
    }
    assert_eq!(checked, 20);
}
