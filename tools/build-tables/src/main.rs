//! `build-tables [--check | --tuning]`: writes tarmim's tables (`data/`, and the
//! generated `src/detect/expected_rates.rs`) from `../shared/data`; with `--check`
//! verifies that the committed tables are exactly what the builder produces; with
//! `--tuning` writes tables that also leave out the tuning slice to `data/tuning/` (not
//! committed), which `evaluate --tuning` embeds through the `tuning-tables` feature.
//! `--false-restorations` (built with `--features tarmim/tuning-tables`, after
//! `--tuning`) measures the glyphs' false-restoration rates on the tuning slice and writes
//! `src/detect/false_restoration_rates.rs` (or, with `--check`, compares it).

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
    if std::env::args().any(|a| a == "--false-restorations") {
        return false_restorations(check);
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

/// `--false-restorations`: measures with the tuning tables, on the tuning slice.
fn false_restorations(check: bool) -> ExitCode {
    if !tarmim::tables::TUNING_TABLES {
        eprintln!(
            "build-tables: --false-restorations measures on the tuning slice, so it needs the \
             tables that left it out: run `cargo run --release -p build-tables -- --tuning`, \
             then this with `--features tarmim/tuning-tables`"
        );
        return ExitCode::FAILURE;
    }
    let source = match build_tables::false_restoration_rates_source() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("build-tables: reading the corpora: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = "src/detect/false_restoration_rates.rs";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    if check {
        let same = std::fs::read(&path).is_ok_and(|b| b == source.as_bytes());
        println!("{name}: {}", if same { "matches" } else { "DIFFERS" });
        return if same {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if let Err(e) = std::fs::write(&path, &source) {
        eprintln!("build-tables: writing {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("{name}: {} bytes", source.len());
    ExitCode::SUCCESS
}
