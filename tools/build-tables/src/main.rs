//! `build-tables [--check]`: writes tarmim's tables (`data/`, and the generated `src/detect/expected_rates.rs`) from `../shared/data`, or with
//! `--check` verifies that the committed tables are exactly what the builder produces.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    if !corpus::data_available() {
        eprintln!(
            "build-tables: no shared data at {} (set TARMIM_DATA)",
            corpus::data_dir().display()
        );
        return ExitCode::FAILURE;
    }
    let tables = match build_tables::build() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("build-tables: {e}");
            return ExitCode::FAILURE;
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut ok = true;
    for (name, bytes) in tables.files() {
        let path = root.join(name);
        if check {
            let same = std::fs::read(&path).map(|b| b == bytes).unwrap_or(false);
            println!("{name}: {}", if same { "matches" } else { "DIFFERS" });
            ok &= same;
        } else {
            if let Err(e) = std::fs::write(&path, bytes) {
                eprintln!("build-tables: writing {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("{name}: {} bytes", bytes.len());
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
