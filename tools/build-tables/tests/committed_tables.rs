//! The committed tables under `data/` are exactly what the builder makes from the shared
//! data. Skipped (with a note) where `../shared/data` is absent, as on a user's machine.

#[test]
fn committed_tables_match_the_builder() {
    if !corpus::data_available() {
        eprintln!("shared data not found: committed-table check skipped");
        return;
    }
    let tables = build_tables::build().expect("build tables");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for (name, bytes) in tables.files() {
        let committed = std::fs::read(data.join(name)).unwrap();
        assert!(
            committed == bytes,
            "data/{name} differs from the builder's output; run `cargo run --release -p build-tables`"
        );
    }
}
