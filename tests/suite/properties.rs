//! Property tests: nothing is lost, every edit replays, repair is idempotent.

use proptest::prelude::*;
use std::borrow::Cow;
use tarmim::profile::DamageProfile;
use tarmim::{apply_edits, ProfileChoice, Repair, Repairer};

/// Characters weighted toward Arabic words, with the rest of what extracted text holds.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ".chars().collect::<Vec<_>>()),
        3 => Just(' '),
        1 => prop::sample::select(vec!['\n', '\r', '\t', '\u{0640}', '\u{064E}', '\u{0651}', '\u{200C}', '\u{200D}']),
        1 => prop::sample::select("«»().،؛؟!:\"'-0123456789٠١٢".chars().collect::<Vec<_>>()),
        1 => prop::sample::select("abcXYZ é".chars().collect::<Vec<_>>()),
        1 => prop::sample::select(vec!['\u{0}', '\u{7}', '\u{1b}', '\u{feff}', '\u{fffd}', '\u{FEF3}', '\u{FED3}', '\u{FEFB}', '\u{FE8D}', '\u{FB50}', '\u{202E}', '\u{E011}', '\u{F8FF}', '\u{F0B7}']),
        1 => any::<char>(),
    ]
}

fn arabic_heavy() -> impl Strategy<Value = String> {
    prop::collection::vec(text_char(), 0..120).prop_map(|v| v.into_iter().collect())
}

/// Text of real words (some damaged by the sample profile), to reach the corrector.
fn wordy() -> impl Strategy<Value = String> {
    let words = vec![
        "في",
        "على",
        "إلى",
        "التي",
        "الذي",
        "موسكو",
        "العسكرية",
        "لكن",
        "الروسي",
        "الروس",
        "الماضي",
        "أنهى",
        "كبرى",
        "الجنود",
        "النفوذ",
        "قال",
        "إن",
        "روسيا",
        "تفكك",
        "لكي",
    ];
    prop::collection::vec(
        (
            prop::sample::select(words),
            any::<bool>(),
            prop::sample::select(vec![" ", " ", "، ", "\n", "\r\n", ". "]),
        ),
        0..40,
    )
    .prop_map(|v| {
        let p = DamageProfile::sample();
        v.into_iter()
            .map(|(w, damaged, sep)| {
                let w = if damaged {
                    tarmim::simulate::damage(w, &p).into_owned()
                } else {
                    w.to_owned()
                };
                w + sep
            })
            .collect()
    })
}

/// The sample's profile, given: short generated texts are too short for detection, and the
/// glyph engine is what these properties exercise.
fn sample_repairer() -> Repairer {
    Repairer::new().profile(ProfileChoice::Given(DamageProfile::sample()))
}

/// U+FFFD, or a private-use character outside the symbol fonts' block.
fn is_placeholder(c: char) -> bool {
    c == '\u{FFFD}'
        || (('\u{E000}'..='\u{F8FF}').contains(&c) && !('\u{F000}'..='\u{F0FF}').contains(&c))
}

/// `s` without the placeholders extractors write for unmapped glyphs (U+FFFD,
/// private-use characters, `(cid:N)`); symbol-font characters (U+F000–U+F0FF, bullets)
/// are no placeholders and stay.
fn without_placeholders(s: &str) -> String {
    let s: String = s.chars().filter(|&c| !is_placeholder(c)).collect();
    regex::Regex::new(r"\(cid:[0-9]{1,9}\)")
        .unwrap()
        .replace_all(&s, "")
        .into_owned()
}

/// Everything but Arabic letters, in order.
fn non_letters(s: &str) -> String {
    s.chars()
        .filter(|&c| !tarmim::token::is_arabic_letter(c))
        .collect()
}

/// The characters of a line other than Arabic letters and whitespace, brackets folded to
/// their opening form, sorted.
fn sorted_marks(line: &str) -> Vec<char> {
    let mut v: Vec<char> = line
        .chars()
        .filter(|&c| !tarmim::token::is_arabic_letter(c) && !c.is_whitespace())
        .map(|c| match c {
            ')' => '(',
            ']' => '[',
            '}' => '{',
            '»' => '«',
            '›' => '‹',
            '>' => '<',
            _ => c,
        })
        .collect();
    v.sort_unstable();
    v
}

fn spaces(line: &str) -> usize {
    line.chars().filter(|c| c.is_whitespace()).count()
}

fn check_repair(rep: &Repairer, input: &str, r: &Repair<'_>) -> Result<(), TestCaseError> {
    let mut last = 0;
    for e in &r.edits {
        prop_assert!(
            e.span.start >= last,
            "edits unsorted or overlapping: {:?}",
            r.edits
        );
        prop_assert!(input.is_char_boundary(e.span.start) && input.is_char_boundary(e.span.end));
        prop_assert_eq!(&input[e.span.clone()], e.original);
        prop_assert!((0.0..=1.0).contains(&e.confidence));
        last = e.span.end;
    }
    prop_assert_eq!(apply_edits(input, &r.edits), r.text.as_ref());
    let endings = |s: &str| {
        s.chars()
            .filter(|&c| c == '\n' || c == '\r')
            .collect::<String>()
    };
    // Line breaks survive, but for those inside lines that `layout/mark-split-lines` or
    // `layout/boxed-runs` joined back together.
    let joins: Vec<_> = r
        .edits
        .iter()
        .filter(|e| ["layout/mark-split-lines", "layout/boxed-runs"].contains(&e.rule.as_str()))
        .collect();
    let joined_endings: String = joins.iter().map(|e| endings(e.original)).collect();
    prop_assert_eq!(
        endings(input).len(),
        endings(&r.text).len() + joined_endings.len()
    );
    // Outside Arabic letters, only layout edits change anything, and only by moving
    // punctuation within its line (brackets may turn to their mirror image), by removing
    // the gap after a proclitic or inside a word, and by putting a lost space back
    // between words or before a number: per line, the punctuation and symbols are the same up to mirroring,
    // and whitespace grows only by the spaces put back.
    let glyph_edits: Vec<_> = r
        .edits
        .iter()
        .filter(|e| !e.rule.as_str().starts_with("layout/"))
        .collect();
    for e in &glyph_edits {
        // Placeholders for unmapped glyphs are what that rule replaces with letters; a
        // placeholder it cannot read stays (one of the word's own).
        let (original, replacement) = if e.rule.as_str() == "glyph/unmapped-glyphs" {
            // A stand-in (a character the document writes for a glyph) is read as a
            // letter too, wherever the edit holds it.
            let filled = |c: char| !c.is_whitespace() && !e.replacement.contains(c);
            for c in e.replacement.chars().filter(|&c| is_placeholder(c)) {
                prop_assert!(e.original.contains(c), "{:?} appeared: {}", c, e);
            }
            (
                without_placeholders(e.original).replace(filled, ""),
                without_placeholders(&e.replacement),
            )
        } else {
            (e.original.to_owned(), e.replacement.to_string())
        };
        prop_assert_eq!(non_letters(&original), non_letters(&replacement), "{}", e);
    }
    // Justification fillers are removed (with the pieces they cut put in order), and
    // directional embeddings resolved: their controls go, and the stretch keeps its other characters but for spaces. (A later
    // stage's edit on the same word is merged into theirs, so letters may change too.)
    let mut removed = vec![Vec::new(); input.split('\n').count()];
    for e in &r.edits {
        let rule = e.rule.as_str();
        if rule != "layout/justification-fillers"
            && rule != "layout/kashida-pieces"
            && rule != "layout/bidi-embeddings"
            && rule != "glyph/unmapped-glyphs"
        {
            continue;
        }
        let line = input[..e.span.start].matches('\n').count();
        let mut gone = sorted_marks(&without_placeholders(e.original));
        for c in sorted_marks(&without_placeholders(&e.replacement)) {
            let at = gone.iter().position(|&m| m == c);
            prop_assert!(at.is_some(), "{:?} appeared: {}", c, e);
            gone.remove(at.unwrap());
        }
        if rule == "layout/bidi-embeddings" {
            prop_assert!(
                gone.iter().all(|c| ('\u{202A}'..='\u{202C}').contains(c)),
                "{}",
                e
            );
        }
        if rule == "glyph/unmapped-glyphs" {
            // Stand-ins go wherever the edit holds them.
            prop_assert!(gone.iter().all(|&c| !e.replacement.contains(c)), "{}", e);
        }
        removed[line].extend(gone);
    }
    let mut spaces_put_back = vec![0; input.split('\n').count()];
    for e in r
        .edits
        .iter()
        .filter(|e| ["layout/word-spacing", "layout/glued-numbers"].contains(&e.rule.as_str()))
    {
        // Only spaces come and go (restored letters may have been merged into the edit).
        let unspaced = |s: &str| non_letters(&s.replace(' ', ""));
        prop_assert_eq!(unspaced(e.original), unspaced(&e.replacement), "{}", e);
        let line = input[..e.span.start].matches('\n').count();
        spaces_put_back[line] += spaces(&e.replacement).saturating_sub(spaces(e.original));
    }
    // The input's lines as the output has them: the lines an edit joined, as one.
    let mut grouped: Vec<(String, usize, Vec<char>)> = Vec::new();
    let mut start = 0;
    for ((line, put_back), removed) in input.split('\n').zip(spaces_put_back).zip(removed) {
        let continues = joins
            .iter()
            .any(|e| e.span.start < start && start <= e.span.end);
        match grouped.last_mut() {
            Some(last) if continues => {
                last.0.push('\n');
                last.0.push_str(line);
                last.1 += put_back;
                last.2.extend(removed);
            }
            _ => grouped.push((line.to_owned(), put_back, removed)),
        }
        start += line.len() + 1;
    }
    prop_assert_eq!(grouped.len(), r.text.split('\n').count());
    for ((a, put_back, removed), b) in grouped.into_iter().zip(r.text.split('\n')) {
        // A placeholder may have been filled (within a layout rule's edit, if that rule
        // rewrote the line).
        let (a, b) = (without_placeholders(&a), without_placeholders(b));
        let (a, b) = (a.as_str(), b.as_str());
        let mut marks = sorted_marks(a);
        for c in removed {
            let at = marks.iter().position(|&m| m == c);
            prop_assert!(at.is_some(), "{:?} removed from {:?}", c, a);
            marks.remove(at.unwrap());
        }
        prop_assert_eq!(marks, sorted_marks(b), "{:?} → {:?}", a, b);
        prop_assert!(spaces(b) <= spaces(a) + put_back, "{:?} → {:?}", a, b);
    }
    if !tarmim::token::has_arabic(input) {
        prop_assert!(matches!(r.text, Cow::Borrowed(_)));
        prop_assert!(r.edits.is_empty());
    }
    let again = rep.repair(&r.text);
    prop_assert!(again.edits.is_empty(), "not idempotent: {:?}", again.edits);
    Ok(())
}

proptest! {
    #![proptest_config(crate::proptest_config(512))]

    #[test]
    fn any_text_repairs_safely(input in arabic_heavy()) {
        let rep = sample_repairer();
        check_repair(&rep, &input, &rep.repair(&input))?;
    }

    #[test]
    fn random_unicode_repairs_safely(input in any::<String>()) {
        let rep = sample_repairer();
        check_repair(&rep, &input, &rep.repair(&input))?;
    }

    #[test]
    fn word_text_repairs_safely(input in wordy()) {
        let rep = sample_repairer();
        check_repair(&rep, &input, &rep.repair(&input))?;
    }



    /// Every restoration agrees with the evidence: damaging the output gives the input back.
    /// (Layout rules move words and punctuation, so this holds for the glyph rule.)
    #[test]
    fn restorations_are_consistent_with_the_damage(input in wordy()) {
        let p = DamageProfile::sample();
        let damaged = tarmim::simulate::damage(&input, &p).into_owned();
        let glyph_only = sample_repairer().only_rule_names(["glyph/restore-dropped-letters"]).unwrap();
        let r = glyph_only.repair(&damaged);
        prop_assert_eq!(tarmim::simulate::damage(&r.text, &p), damaged.as_str());
    }

    #[test]
    fn bytes_api_reports_the_first_invalid_offset(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        match (std::str::from_utf8(&bytes), tarmim::repair_bytes(&bytes)) {
            (Ok(s), Ok(r)) => prop_assert_eq!(r.text, tarmim::repair(s).text),
            (Err(e), Err(tarmim::Error::InvalidUtf8 { offset })) => prop_assert_eq!(offset, e.valid_up_to()),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a.is_ok(), b.is_ok()),
        }
    }

    /// The quick checks agree with the slow paths they stand in for.
    #[test]
    fn quick_checks_equal_slow_paths(input in arabic_heavy()) {
        prop_assert_eq!(
            tarmim::token::has_arabic(&input),
            input.chars().any(tarmim::token::is_arabic_letter)
        );
        for w in tarmim::token::words(&input) {
            let slow: String = unicode_normalization::UnicodeNormalization::nfkc(w.text)
                .filter(|&c| !tarmim::token::is_arabic_mark(c) && c != '\u{0640}' && c != ' ')
                .collect();
            let key = w.key();
            prop_assert_eq!(key.as_ref(), slow.as_str());
        }
    }
}

proptest! {
    #![proptest_config(crate::proptest_config(48))]

    /// The default, detection per document, keeps every guarantee too, on texts long
    /// enough for detection to act.
    #[test]
    fn detected_profiles_repair_safely(parts in prop::collection::vec(wordy(), 4..16)) {
        let input = parts.concat();
        let rep = Repairer::new();
        check_repair(&rep, &input, &rep.repair(&input))?;
    }

    /// Text whose ligature letters a PDF producer wrote reversed, repaired by default.
    #[test]
    fn reversed_ligature_texts_repair_safely(parts in prop::collection::vec(wordy(), 4..16)) {
        let input = tarmim::simulate::ligatures::reverse_ligatures(&parts.concat()).into_owned();
        let rep = Repairer::new();
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

proptest! {
    #![proptest_config(crate::proptest_config(64))]

    /// Text whose lost glyphs an extractor wrote as placeholders (U+FFFD, private-use
    /// characters, pdfminer cids), with some of them left as they were and bullets from a
    /// symbol font among the words, repaired by default.
    #[test]
    fn unmapped_glyph_texts_repair_safely(
        parts in prop::collection::vec(wordy(), 1..8),
        kind in 0..4usize,
        bullets in any::<bool>(),
    ) {
        use tarmim::simulate::{damage_unmapped, Placeholder};
        let placeholder =
            [Placeholder::Replacement, Placeholder::PrivateUse, Placeholder::Cid, Placeholder::Code][kind];
        // wordy() already drops some glyphs; the rest of the sample's become placeholders.
        let mut input = damage_unmapped(&parts.concat(), &DamageProfile::sample(), placeholder)
            .into_owned();
        if bullets {
            input = input.replace('\n', "\n\u{F0B7} ");
        }
        let rep = Repairer::new();
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

proptest! {
    #![proptest_config(crate::proptest_config(64))]

    /// Text with spaces put inside words and spaces between words lost, at any rates,
    /// repaired by default and with the sample's profile given.
    #[test]
    fn spacing_damaged_texts_repair_safely(
        parts in prop::collection::vec(wordy(), 2..10),
        inner_space in 0.0..0.6f64,
        missing_space in 0.0..0.6f64,
        given in any::<bool>(),
    ) {
        use tarmim::simulate::spacing::{damage_spacing, SpacingDamage};
        let damage = SpacingDamage { inner_space, missing_space };
        let input = damage_spacing(&parts.concat(), &damage);
        let rep = if given { sample_repairer() } else { Repairer::new() };
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

/// A coin that comes up true one time in three, from `seed` (xorshift).
fn one_in_three(seed: u64) -> impl FnMut() -> bool {
    let mut state = seed | 1;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % 3 == 0
    }
}

/// Each line of `text` with `cut` after one joinable letter in three (where a kashida
/// could stretch it), split into its line body and line end.
fn stretched_lines<'t>(text: &'t str, cut: &str, seed: u64) -> Vec<(String, &'t str)> {
    const JOINS_NEXT: &str = "بتثجحخسشصضطظعغفقكلمنهيىئ";
    const JOINS_PREV: &str = "بتثجحخسشصضطظعغفقكلمنهيىئاأإآدذرزوؤة";
    let mut coin = one_in_three(seed);
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let mut stretched = String::new();
        let chars: Vec<char> = body.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            stretched.push(c);
            if let Some(&next) = chars.get(i + 1) {
                if JOINS_NEXT.contains(c) && JOINS_PREV.contains(next) && coin() {
                    stretched.push_str(cut);
                }
            }
        }
        out.push((stretched, &line[body.len()..]));
    }
    out
}

/// Lines as pdftotext writes them from a justified PDF whose kashida glyph has no
/// mapping: each line in a right-to-left embedding, the punctuation before a space in a
/// left-to-right one (reversed, as on the page), and `filler` between some joined letters.
fn pdftotext_like(text: &str, filler: &str, seed: u64) -> String {
    let mut out = String::new();
    for (stretched, end) in stretched_lines(text, filler, seed) {
        let embedded = stretched
            .replace("، ", "\u{202A} ،\u{202C}")
            .replace(". ", "\u{202A} .\u{202C}");
        out.push_str(&format!("\u{202B}{embedded}\u{202C}{end}"));
    }
    out
}

/// `text` as PyMuPDF and pypdf write a justified PDF: each line cut at the kashidas its
/// layout drew (as in [`pdftotext_like`]), the pieces written from left to right with
/// `filler` between them.
fn pymupdf_like(text: &str, filler: &str, seed: u64) -> String {
    let mut out = String::new();
    for (stretched, end) in stretched_lines(text, "\u{E}", seed) {
        let pieces: Vec<&str> = stretched.split('\u{E}').rev().collect();
        out.push_str(&pieces.join(filler));
        out.push_str(end);
    }
    out
}

proptest! {
    #![proptest_config(crate::proptest_config(64))]

    /// PyMuPDF's and pypdf's justified lines, repaired by default and with the sample's
    /// profile given.
    #[test]
    fn pymupdf_like_texts_repair_safely(
        parts in prop::collection::vec(wordy(), 2..10),
        filler in prop::sample::select(vec!["\u{6}", "\u{4}\u{4}", "+", "--", "*", "(cid:3)"]),
        seed in any::<u64>(),
        given in any::<bool>(),
    ) {
        let input = pymupdf_like(&parts.concat(), filler, seed);
        let rep = if given { sample_repairer() } else { Repairer::new() };
        check_repair(&rep, &input, &rep.repair(&input))?;
    }

    /// pdftotext's embeddings and a justified PDF's fillers, repaired by default and with
    /// the sample's profile given.
    #[test]
    fn pdftotext_like_texts_repair_safely(
        parts in prop::collection::vec(wordy(), 2..10),
        filler in prop::sample::select(vec!["..", "!", "(cid:6)", "0", "$$", "\u{FFFD}"]),
        seed in any::<u64>(),
        given in any::<bool>(),
    ) {
        let input = pdftotext_like(&parts.concat(), filler, seed);
        let rep = if given { sample_repairer() } else { Repairer::new() };
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

/// `text` with tanween on some indefinite words ending in alef, and as pdftotext writes it
/// where a font raises the mark: the marks on a line of their own, then the line broken
/// before each marked word, its pieces written from its end back to its start.
fn mark_split_like(text: &str, seed: u64) -> (String, String) {
    let mut coin = one_in_three(seed);
    let (mut marked, mut written) = (String::new(), String::new());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = &line[body.len()..];
        let mut words: Vec<String> = body.split(' ').map(str::to_owned).collect();
        let cuts: Vec<usize> = (1..words.len())
            .filter(|&w| {
                let word = words[w].trim_end_matches(['،', '.']);
                word.ends_with('ا') && !word.starts_with("ال") && word.chars().count() > 3
            })
            .filter(|_| coin())
            .collect();
        for &w in &cuts {
            let at = words[w].trim_end_matches(['،', '.']).len();
            words[w].insert(at, '\u{064B}');
        }
        marked.push_str(&words.join(" "));
        marked.push_str(end);
        if cuts.is_empty() {
            written.push_str(line);
            continue;
        }
        for _ in &cuts {
            written.push_str("\u{064B}\n");
        }
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(cuts)
            .chain([words.len()])
            .collect();
        for b in bounds.windows(2).rev() {
            let piece: Vec<String> = words[b[0]..b[1]]
                .iter()
                .map(|w| w.replace('\u{064B}', ""))
                .collect();
            written.push_str(&piece.join(" "));
            written.push('\n');
        }
        written.pop();
        written.push_str(end);
    }
    (marked, written)
}

proptest! {
    #![proptest_config(crate::proptest_config(64))]

    /// pdftotext's lines broken at raised marks, repaired by default and with the sample's
    /// profile given.
    #[test]
    fn mark_split_texts_repair_safely(
        parts in prop::collection::vec(wordy(), 2..10),
        seed in any::<u64>(),
        given in any::<bool>(),
    ) {
        let (_, input) = mark_split_like(&parts.concat(), seed);
        let rep = if given { sample_repairer() } else { Repairer::new() };
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

/// A news text written as pdftotext writes lines broken at raised marks comes back whole.
#[test]
fn lines_broken_at_marks_are_joined() {
    let clean = include_str!("../../fixtures/negative/clean-arabic-news.txt");
    let clean = tarmim::simulate::layout::wrap(clean, 60);
    let mut broken = 0;
    for seed in 1..=12 {
        let (marked, damaged) = mark_split_like(&clean, seed);
        if damaged == marked {
            continue;
        }
        broken += 1;
        let repaired = Repairer::new().repair(&damaged);
        assert_eq!(repaired.text, marked, "seed {seed}");
    }
    assert!(broken >= 6, "{broken}");
}

/// A news text written as PyMuPDF writes a justified PDF comes back whole.
#[test]
fn kashida_pieces_are_put_back() {
    let clean = include_str!("../../fixtures/negative/clean-arabic-news.txt");
    for filler in ["\u{6}", "+"] {
        let damaged = pymupdf_like(clean, filler, 7);
        assert_ne!(damaged, clean);
        let repaired = Repairer::new().repair(&damaged);
        assert_eq!(repaired.text, clean, "filler {filler:?}");
    }
}

/// A news text written by a producer that reverses ligature letters comes back nearly
/// whole, and the repair is a fixed point.
#[test]
fn reversed_ligatures_are_put_back() {
    let clean = include_str!("../../fixtures/negative/clean-arabic-news.txt");
    let damaged = tarmim::simulate::ligatures::reverse_ligatures(clean).into_owned();
    let rep = Repairer::new();
    let repaired = rep.repair(&damaged);
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let (clean_words, damaged_words, repaired_words) =
        (words(clean), words(&damaged), words(&repaired.text));
    let damaged_count = (clean_words.iter().zip(&damaged_words))
        .filter(|(a, b)| a != b)
        .count();
    let wrong = (clean_words.iter().zip(&repaired_words))
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        damaged_count >= 10,
        "the fixture shows the damage: {damaged_count}"
    );
    assert!(
        wrong * 10 <= damaged_count,
        "{wrong} of {damaged_count} left:\n{}",
        repaired.text
    );
    assert_eq!(rep.repair(&repaired.text).text, repaired.text);
}

/// `logical`, a right-to-left line, as drawn on the page from left to right: reversed,
/// brackets mirrored, digit runs kept as they read.
fn visual(logical: &str) -> String {
    let mirror = |c: char| match c {
        '(' => ')',
        ')' => '(',
        '«' => '»',
        '»' => '«',
        _ => c,
    };
    let chars: Vec<char> = logical.chars().rev().map(mirror).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let mut end = i;
        while end < chars.len() && chars[end].is_ascii_digit() {
            end += 1;
        }
        if end == i {
            out.push(chars[i]);
            i += 1;
        } else {
            out.extend(chars[i..end].iter().rev());
            i = end;
        }
    }
    out
}

/// `text` as pdfminer writes it: each line in visual order followed by a blank line, and
/// in one line in three (of three words or more) a number drawn after a word, written as a box of its own between
/// the line's two pieces (left piece first). Returns the text with the numbers, and what
/// pdfminer wrote.
fn pdfminer_like(text: &str, seed: u64) -> (String, String) {
    let mut coin = one_in_three(seed);
    let (mut logical, mut written) = (String::new(), String::new());
    for (n, line) in text.lines().enumerate() {
        let words: Vec<&str> = line.split(' ').collect();
        let cut = (words.len() > 2 && coin()).then(|| 1 + n % (words.len() - 1));
        match cut {
            Some(j) => {
                let number = format!("{}", 1990 + n);
                let (first, rest) = (words[..j].join(" "), words[j..].join(" "));
                logical.push_str(&format!("{first} {number} {rest}\n\n"));
                written.push_str(&format!(
                    "{} \n\n{number}\n\n {}\n\n",
                    visual(&rest),
                    visual(&first)
                ));
            }
            // A quoted word: the quotes come out as boxes after the line, which keeps a
            // double space where each stood.
            None if words.len() > 3 && !line.contains('"') && coin() => {
                let j = 1 + n % (words.len() - 2);
                let mut quoted = words.clone();
                let with_quotes = format!("\"{}\"", words[j]);
                quoted[j] = &with_quotes;
                logical.push_str(&format!("{}\n\n", quoted.join(" ")));
                let spaced = format!(
                    "{}  {}  {}",
                    words[..j].join(" "),
                    words[j],
                    words[j + 1..].join(" ")
                );
                written.push_str(&format!("{}\n\n\"\n\n\"\n\n", visual(&spaced)));
            }
            None => {
                logical.push_str(&format!("{line}\n\n"));
                written.push_str(&format!("{}\n\n", visual(line)));
            }
        }
    }
    (logical, written)
}

proptest! {
    #![proptest_config(crate::proptest_config(64))]

    /// pdfminer's lines in visual order with numbers and quotes in boxes of their own,
    /// repaired by default and with the sample's profile given.
    #[test]
    fn pdfminer_like_texts_repair_safely(
        parts in prop::collection::vec(wordy(), 2..10),
        seed in any::<u64>(),
        given in any::<bool>(),
    ) {
        let (_, input) = pdfminer_like(&parts.concat(), seed);
        let rep = if given { sample_repairer() } else { Repairer::new() };
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

/// A news text written as pdfminer writes it, numbers and quotes in boxes of their own,
/// comes back whole and in order, short lines too.
#[test]
fn boxed_runs_are_joined() {
    let clean = include_str!("../../fixtures/negative/clean-arabic-news.txt");
    let clean = tarmim::simulate::layout::wrap(clean, 60);
    let (mut boxes, mut quotes) = (0, 0);
    for seed in 1..=4 {
        let (logical, written) = pdfminer_like(&clean, seed);
        boxes += (written.lines())
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
            .count();
        quotes += written.lines().filter(|l| *l == "\"").count();
        let repaired = Repairer::new().repair(&written);
        let numbered = |l: &&str| l.chars().any(|c| c.is_ascii_digit() || c == '"');
        let missing: Vec<&str> = (logical.lines().filter(numbered))
            .filter(|l| !repaired.text.lines().any(|r| r == *l))
            .collect();
        assert!(
            missing.is_empty(),
            "seed {seed}: {missing:#?}\n{}",
            repaired.text
        );
    }
    assert!(boxes >= 10 && quotes >= 10, "{boxes} {quotes}");
}

/// Text of words with لا and lam-alef ligatures, damaged with the lam-alef profile: the
/// word لا vanishes and leaves gaps (double spaces, a space opening a line).
fn lam_alef_text() -> impl Strategy<Value = String> {
    let words = vec![
        "لا",
        "ولا",
        "قال",
        "الآن",
        "إنه",
        "يزال",
        "أحد",
        "يعرف",
        "الإثنين",
        "كلام",
        "على",
        "لأن",
        "المشروع",
    ];
    prop::collection::vec(
        (
            prop::sample::select(words),
            // Opening marks against the next word: لا written against one leaves it apart.
            prop::sample::select(vec![
                " ", " ", "  ", "، ", "\n", ". ", "\n ", " \"", " «", "\n(",
            ]),
        ),
        0..30,
    )
    .prop_map(|v| {
        let clean: String = v.into_iter().map(|(w, sep)| w.to_owned() + sep).collect();
        let p: DamageProfile = "isolated-lam-alef,final-lam-alef".parse().unwrap();
        tarmim::simulate::damage(&clean, &p).into_owned()
    })
}

proptest! {
    #![proptest_config(crate::proptest_config(128))]

    /// Filling gaps keeps every guarantee: replayable, idempotent, nothing else touched.
    #[test]
    fn vanished_words_repair_safely(input in lam_alef_text()) {
        let rep = Repairer::new().profile(ProfileChoice::Given(
            "isolated-lam-alef,final-lam-alef".parse().unwrap(),
        ));
        check_repair(&rep, &input, &rep.repair(&input))?;
    }
}

/// Inputs that once needed a second repair, found by proptest and by review: restorations
/// that are themselves damaged forms of longer words (ومحي is ومحيي without its final ي),
/// gaps in runs of spaces, a quote after a word cut short (`ل".` is لن, not a
/// proclitic), lines in visual order with presentation forms, letters restored next to a
/// stand-in or a kashida's code that complete the evidence the character stages declined
/// (`سc` restored to `سيc`). Each must settle in one repair.
#[test]
fn known_traps_settle_in_one_repair() {
    let lam_alef = "isolated-lam-alef,final-lam-alef";
    let cases = [
        ("sample", "ومح "),
        ("sample", "ك"),
        ("sample", "شيج"),
        ("sample", "ومح ف"),
        ("sample", "ك ك ك"),
        ("sample", ".\0تـ "),
        ("sample", "وقال بومبيو على تويتر \"نتابع التقارير ع أن إيران تخطط لزيادة طاق\n.\"نسمح لإيران بتطوير سلاح نووي تخصيب اليورانيوم. ل"),
        ("sample", "ﻻإ ىبت ذش\t"),
        ("sample", "ىب«ىب«ﻻء جض "),
        ("sample", "ذعc c\u{64e} سc«"),
        ("sample", "ه في\u{6}ى أن\u{6}عل إل\nا\u{6}ي\u{6}روس قال روس\u{6}ك ال\u{6}ك\u{6}تف\n"),
        (lam_alef, "و  ،  و "),
        (lam_alef, "\n  و  و  يزال  "),
        (lam_alef, "إنه\n و يزال و و و و   إنه  إنه و و و و و إنه  اثنين و و و و "),
        (lam_alef, "و  و. و   و و و  و و  و  ان  يعرف\n و و "),
    ];
    for (profile, input) in cases {
        let rep = Repairer::new().profile(ProfileChoice::Given(profile.parse().unwrap()));
        let once = rep.repair(input);
        let twice = rep.repair(&once.text);
        assert!(
            twice.edits.is_empty(),
            "{input:?} → {:?} → {:?}",
            once.text,
            twice.text
        );
        assert_eq!(apply_edits(input, &once.edits), once.text);
    }
}

/// The damage index (fast path) and the lexicon walk (slow path) find the same words.
#[test]
fn damage_index_equals_lexicon_walk() {
    use tarmim::candidates::{DamageIndex, Generator};
    use tarmim::lexicon::Lexicon;
    let lex = Lexicon::embedded();
    for profile in [
        "sample",
        "final-yeh,initial-teh",
        "isolated-lam-alef,final-lam-alef,medial-heh",
    ] {
        let p: DamageProfile = profile.parse().unwrap();
        let t = std::time::Instant::now();
        let index = DamageIndex::build(lex, &p);
        eprintln!("{profile}: index built in {:?}", t.elapsed());
        let walker = Generator::new(lex, &p);
        let text = std::fs::read_to_string(crate::fixture("000_9bef6b7cce3c4a10.txt")).unwrap();
        let clean =
            std::fs::read_to_string(crate::fixture("negative/clean-arabic-news.txt")).unwrap();
        let damaged = tarmim::simulate::damage(&clean, &p).into_owned();
        for w in tarmim::token::words(&text).chain(tarmim::token::words(&damaged)) {
            let key = w.key();
            assert_eq!(
                index.get(&key),
                walker.walk(&key).as_slice(),
                "{profile}: {key}"
            );
        }
    }
}
