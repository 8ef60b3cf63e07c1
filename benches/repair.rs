//! Throughput of repair on news text, in bytes per second.
//!
//! Inputs: the sample article (real extracted text) repeated to about 1 MB, and, where
//! `../shared/data` is present, held-out news articles damaged with the sample profile and
//! the same articles clean: as one 2 MB document, and article by article (as a JSON Lines
//! corpus is repaired, each document detected on its own).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::io::Read;
use tarmim::profile::DamageProfile;

fn sample_text() -> String {
    let s = include_str!("../fixtures/000_9bef6b7cce3c4a10.txt");
    s.repeat(1_000_000 / s.len())
}

/// About `bytes` of held-out news text (every tenth article, the evaluation split), if
/// the shared corpora are present.
fn news_text(bytes: usize) -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/ant-news-v2.1.txt.gz"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).ok()?)
        .read_to_string(&mut text)
        .ok()?;
    let mut out = String::new();
    for article in text.split("\n\n").step_by(10) {
        if out.len() >= bytes {
            break;
        }
        out.push_str(article);
        out.push_str("\n\n");
    }
    Some(out)
}

fn bench(c: &mut Criterion) {
    let mut inputs = vec![("sample-article", sample_text())];
    if let Some(clean) = news_text(2_000_000) {
        let damaged = tarmim::simulate::damage(&clean, &DamageProfile::sample()).into_owned();
        inputs.push(("news-damaged", damaged));
        inputs.push(("news-clean", clean));
    }
    let mut g = c.benchmark_group("repair");
    g.sample_size(10);
    let given =
        tarmim::Repairer::new().profile(tarmim::ProfileChoice::Given(DamageProfile::sample()));
    let detected = tarmim::Repairer::new();
    detected.repair("تهيئة"); // load tables outside the measurement
                              // The repeated article is a text of few distinct words, which detection calls atypical:
                              // it is measured with its profile given only.
    let runs = [("given", &given), ("detected", &detected)];
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        for &(how, repairer) in &runs[..if *name == "sample-article" { 1 } else { 2 }] {
            let id = BenchmarkId::from_parameter(format!("{name}/{how}"));
            g.bench_with_input(id, text, |b, t| b.iter(|| repairer.repair(t).edits.len()));
        }
    }
    for (name, text) in &inputs[1..] {
        let articles: Vec<&str> = text.split("\n\n").filter(|a| !a.is_empty()).collect();
        g.throughput(Throughput::Bytes(text.len() as u64));
        let id = BenchmarkId::from_parameter(format!("{name}-by-article/detected"));
        g.bench_with_input(id, &articles, |b, articles| {
            b.iter(|| {
                (articles.iter())
                    .map(|a| detected.repair(a).edits.len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
