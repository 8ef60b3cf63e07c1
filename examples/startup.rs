//! Time to first repair (table loading included): `cargo run --release --example startup`.

fn main() {
    let t = std::time::Instant::now();
    let r = tarmim::repair("قال إن موسو عل حق");
    println!("first repair: {:?} ({} edits)", t.elapsed(), r.edits.len());
    let t = std::time::Instant::now();
    let r = tarmim::repair("وصل الوفد إل العاصمة ف الصباح");
    println!("second repair: {:?} ({} edits)", t.elapsed(), r.edits.len());
}
