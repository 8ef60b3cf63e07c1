//! `build-tables [--check | --tuning]`: writes tarmim's tables (`data/`, and the
//! generated `src/detect/expected_rates.rs`) from `../shared/data`; with `--check`
//! verifies that the committed tables are exactly what the builder produces; with
//! `--tuning` writes tables that also leave out the tuning slice to `data/tuning/` (not
//! committed), which `evaluate --tuning` embeds through the `tuning-tables` feature.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let tuning = std::env::args().any(|a| a == "--tuning");
    if !corpus::data_available() {
        eprintln!(
            "build-tables: no shared data at {} (set TARMIM_DATA)",
            corpus::data_dir().display()
        );
        return ExitCode::FAILURE;
    }
    let built = if tuning {
        build_tables::build_for_tuning()
    } else {
        build_tables::build()
    };
    let tables = match built {
        Ok(t) => t,
        Err(e) => {
            eprintln!("build-tables: {e}");
            return ExitCode::FAILURE;
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut ok = true;
    if tuning {
        if let Err(e) = std::fs::create_dir_all(root.join("data/tuning")) {
            eprintln!("build-tables: creating data/tuning: {e}");
            return ExitCode::FAILURE;
        }
    }
    for (name, bytes) in tables.files() {
        let path = match name.strip_prefix("data/") {
            Some(file) if tuning => root.join("data/tuning").join(file),
            // The generated source is not a table the tuning feature swaps.
            None if tuning => continue,
            _ => root.join(name),
        };
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
