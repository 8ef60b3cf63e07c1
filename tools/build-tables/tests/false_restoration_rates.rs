//! The committed `src/detect/false_restoration_rates.rs` is exactly what the builder
//! measures. The measurement needs the tuning tables (`build-tables --tuning`), so this
//! runs only with `--features tarmim/tuning-tables`:
//! `cargo test --release -p build-tables --features tarmim/tuning-tables`.

#[test]
fn committed_false_restoration_rates_match_the_builder() {
    if !tarmim::tables::TUNING_TABLES || !corpus::data_available() {
        eprintln!("tuning tables or shared data absent: false-restoration check skipped");
        return;
    }
    let built = build_tables::false_restoration_rates_source().expect("read the corpora");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../src/detect/false_restoration_rates.rs");
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == built,
        "src/detect/false_restoration_rates.rs differs from the builder's output; run \
         `cargo run --release -p build-tables --features tarmim/tuning-tables -- --false-restorations`"
    );
}
