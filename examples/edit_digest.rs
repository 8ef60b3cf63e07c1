//! Prints a digest of every edit (span, replacement, confidence bits, reason) made on the
//! held-out news text, per profile, so that a speed change can be checked to leave the
//! output exactly as it was: `cargo run --release --example edit_digest` before and after,
//! and compare. Needs `../shared/data/ant-news-v2.1.txt.gz`, as the benchmark does.
//!
//! Each damaged text is repaired twice: the first pass walks the lexicon for candidates,
//! the second uses the damage index the first pass caused to be built.

use std::hash::Hasher;
use std::io::Read;
use std::time::Instant;
use tarmim::{profile::DamageProfile, ProfileChoice, Repairer};

/// FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn news_text(bytes: usize) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/ant-news-v2.1.txt.gz"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("news corpus present"))
        .read_to_string(&mut text)
        .expect("corpus is UTF-8");
    let mut out = String::new();
    for article in text.split("\n\n").step_by(10) {
        if out.len() >= bytes {
            break;
        }
        out.push_str(article);
        out.push_str("\n\n");
    }
    out
}

fn hash_repair(h: &mut Fnv, r: &tarmim::Repair<'_>, with_profile: bool) {
    for e in &r.edits {
        h.write_usize(e.span.start);
        h.write_usize(e.span.end);
        h.write(e.replacement.as_bytes());
        h.write(e.rule.as_str().as_bytes());
        h.write_u32(e.confidence.to_bits());
        h.write(e.reason.as_bytes());
    }
    if with_profile {
        h.write(format!("{}|", r.profile).as_bytes());
    }
}

fn digest(repairer: &Repairer, name: &str, text: &str) {
    digest_docs(repairer, name, &[text], false);
}

/// Each document repaired on its own (with the profile detected, each its own), hashed
/// in order.
fn digest_docs(repairer: &Repairer, name: &str, docs: &[&str], with_profile: bool) {
    let start = Instant::now();
    let repairs: Vec<_> = docs.iter().map(|d| repairer.repair(d)).collect();
    let secs = start.elapsed().as_secs_f64();
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for r in &repairs {
        hash_repair(&mut h, r, with_profile);
    }
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    println!(
        "{name:<40} {:>6} edits  digest {:016x}  ({:.1} MB/s)",
        repairs.iter().map(|r| r.edits.len()).sum::<usize>(),
        h.finish(),
        bytes as f64 / secs / 1e6
    );
}

fn main() {
    let clean = news_text(2_000_000);
    let sample = include_str!("../fixtures/000_9bef6b7cce3c4a10.txt");
    for profile in [
        "sample",
        "final-yeh,final-alef-maksura",
        "isolated-lam-alef,final-lam-alef",
    ] {
        let p: DamageProfile = profile.parse().expect("valid profile");
        let repairer = Repairer::new().profile(ProfileChoice::Given(p.clone()));
        let damaged = tarmim::simulate::damage(&clean, &p);
        digest(&repairer, &format!("{profile} sample article"), sample);
        digest(&repairer, &format!("{profile} damaged (walk)"), &damaged);
        digest(&repairer, &format!("{profile} damaged (index)"), &damaged);
        digest(&repairer, &format!("{profile} clean"), &clean);
        digest(&repairer, &format!("{profile} sample article"), sample);
    }
    // The default, profile detected: each article on its own (the profile of each is in
    // the digest), as `--jsonl` repairs a corpus, and the whole text at once.
    let auto = Repairer::new();
    let by_article = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for profile in [
        "none",
        "sample",
        "final-yeh,final-alef-maksura",
        "medial-kaf",
    ] {
        let text = if profile == "none" {
            clean.clone()
        } else {
            let p: DamageProfile = profile.parse().expect("valid profile");
            tarmim::simulate::damage(&clean, &p).into_owned()
        };
        let articles = by_article(&text);
        let docs: Vec<&str> = articles.iter().map(String::as_str).collect();
        digest_docs(&auto, &format!("auto {profile} by article"), &docs, true);
        digest_docs(&auto, &format!("auto {profile} whole"), &[&text], true);
    }
}
