//! The committed tables (under `data/`, and `src/detect/expected_rates.rs`) are exactly what the builder makes from the shared
//! data. Skipped (with a note) where `../shared/data` is absent, as on a user's machine.

#[test]
fn committed_tables_match_the_builder() {
    if !corpus::data_available() {
        eprintln!("shared data not found: committed-table check skipped");
        return;
    }
    let tables = build_tables::build().expect("build tables");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (name, bytes) in tables.files() {
        let committed = std::fs::read(root.join(name)).unwrap();
        assert!(
            committed == bytes,
            "{name} differs from the builder's output; run `cargo run --release -p build-tables`"
        );
    }
}
