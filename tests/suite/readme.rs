//! The README stays true to the code.

#[test]
fn readme_rule_table_is_generated_from_the_registry() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&tarmim::rules::markdown_table()),
        "README's rule table is stale; paste tarmim::rules::markdown_table():\n{}",
        tarmim::rules::markdown_table()
    );
}
