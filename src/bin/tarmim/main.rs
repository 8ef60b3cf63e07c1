//! The `tarmim` command: repairs Arabic text damaged by PDF extraction.

mod diff;
mod json;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use tarmim::profile::DamageProfile;
use tarmim::{ProfileChoice, Repairer};

const EXAMPLES: &str = "\
Examples:
  tarmim article.txt                  repaired text on standard output
  pdftotext -layout a.pdf - | tarmim  repair what an extractor printed
  tarmim --diff article.txt           what changed, and why
  tarmim --format json article.txt    text, edits (byte spans) and profile as JSON
  tarmim --jsonl corpus.jsonl         repair the \"text\" of every JSON Lines object (one thread per core)
  tarmim --profile final-yeh,final-alef-maksura article.txt
  tarmim detect article.txt           the damage the document shows
  tarmim detect --format json a.txt   the same as JSON: verdict, missing glyphs, evidence
  tarmim rules                        every rule id, with what it does
  tarmim simulate --profile final-yeh clean.txt   damage clean text for testing
  tarmim simulate --layout --wrap 100 clean.txt   glyph and line layout damage
  tarmim simulate --spacing clean.txt             glyph and word spacing damage";

/// Repairs Arabic text damaged by PDF extraction and OCR: letters dropped with their
/// contextual glyph forms (العسرية → العسكرية, ف → في).
#[derive(Parser, Debug)]
#[command(name = "tarmim", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    repair: RepairArgs,
}

#[derive(clap::Args, Debug)]
struct RepairArgs {
    /// Input files; standard input when none is given or for `-`.
    files: Vec<String>,
    /// How to print each input: its repaired text, or one JSON object with the text,
    /// the edits and the profile.
    #[arg(long, value_enum, default_value_t = Format::Text, conflicts_with_all = ["jsonl", "diff"])]
    format: Format,
    /// The same as `--format json`.
    #[arg(long, conflicts_with_all = ["jsonl", "diff", "format"])]
    json: bool,
    /// Read JSON Lines and repair each object's "text" as its own document.
    #[arg(long, conflicts_with = "diff")]
    jsonl: bool,
    /// Threads that repair --jsonl objects side by side (the output is the same, in
    /// order); default: one per core.
    #[arg(long, value_name = "N", requires = "jsonl", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Show what changed and why instead of the text.
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    options: Options,
}

#[derive(clap::Args, Debug)]
struct Options {
    /// The glyphs the document lost, e.g. `medial-kaf,final-yeh` or `final:ي`;
    /// `sample` (medial ك, final ي, final ى), `none`, or `auto` (the default: detected
    /// per document, and per object in --jsonl).
    #[arg(long, value_name = "PROFILE")]
    profile: Option<String>,
    /// Run only these rules (comma-separated ids; see `tarmim rules`).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    rules: Option<Vec<String>>,
    /// Leave out edits less sure than this (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    min_confidence: f32,
    /// Colour the diff.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the damage a document shows, changing nothing.
    Detect {
        /// Input files; standard input when none is given or for `-`.
        files: Vec<String>,
        /// A report in words, or one JSON object per input.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        options: Options,
    },
    /// List every rule with its id and what it does.
    Rules,
    /// Damage clean text as a font missing PROFILE's glyphs would (for tests and evaluation).
    Simulate {
        /// The glyphs to lose (default: the sample's profile).
        #[arg(long, value_name = "PROFILE", default_value = "sample")]
        profile: String,
        /// Damage the line layout too: displaced punctuation, reversed runs, split و.
        #[arg(long)]
        layout: bool,
        /// Damage the spacing too: spaces put inside words, spaces between words lost.
        #[arg(long)]
        spacing: bool,
        /// First wrap lines longer than N characters, as a PDF column would.
        #[arg(long, value_name = "N")]
        wrap: Option<usize>,
        /// Input files; standard input when none is given or for `-`.
        files: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // The reader stopped reading (`tarmim … | head`): nothing is wrong.
        Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(Failure::Message(msg)) => {
            eprintln!("tarmim: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Why a run stopped early.
enum Failure {
    /// Standard output was closed by its reader.
    OutputClosed,
    /// Anything else, said in one line.
    Message(String),
}

impl From<String> for Failure {
    fn from(msg: String) -> Failure {
        Failure::Message(msg)
    }
}

/// An error writing the output.
fn output_error(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::OutputClosed
    } else {
        Failure::Message(format!("writing output: {e}"))
    }
}

fn repairer(o: &Options) -> Result<Repairer, String> {
    let mut r = Repairer::new().min_confidence(o.min_confidence);
    if let Some(p) = o
        .profile
        .as_ref()
        .filter(|p| !p.eq_ignore_ascii_case("auto"))
    {
        let profile: DamageProfile = p.parse().map_err(|e| format!("{e}"))?;
        r = r.profile(if profile.is_empty() {
            ProfileChoice::None
        } else {
            ProfileChoice::Given(profile)
        });
    }
    if let Some(ids) = &o.rules {
        r = r
            .only_rule_names(ids.iter().map(String::as_str))
            .map_err(|e| e.to_string())?;
    }
    Ok(r)
}

/// An input's name and bytes.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

fn read_inputs(files: &[String]) -> Result<Vec<Input>, String> {
    let names: Vec<String> = if files.is_empty() {
        vec!["-".into()]
    } else {
        files.to_vec()
    };
    names
        .into_iter()
        .map(|name| {
            let bytes = if name == "-" {
                let mut b = Vec::new();
                io::stdin()
                    .read_to_end(&mut b)
                    .map_err(|e| format!("standard input: {e}"))?;
                b
            } else {
                std::fs::read(&name).map_err(|e| format!("{name}: {e}"))?
            };
            Ok(Input { name, bytes })
        })
        .collect()
}

fn utf8(input: &Input) -> Result<&str, String> {
    std::str::from_utf8(&input.bytes).map_err(|e| {
        let name = if input.name == "-" {
            "standard input"
        } else {
            &input.name
        };
        format!("{name}: invalid UTF-8 at byte offset {}", e.valid_up_to())
    })
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match cli.command {
        Some(Command::Rules) => {
            for r in tarmim::rules::RULES {
                writeln!(out, "{:<36} {}", r.id, r.summary).map_err(output_error)?;
            }
        }
        Some(Command::Simulate {
            profile,
            layout,
            spacing,
            wrap,
            files,
        }) => {
            use tarmim::simulate::layout::{damage_layout, LayoutDamage};
            let profile: DamageProfile = profile.parse().map_err(|e| format!("{e}"))?;
            for input in read_inputs(&files)? {
                let text = utf8(&input)?;
                let wrapped = wrap.map(|w| tarmim::simulate::layout::wrap(text, w));
                let text = wrapped.as_deref().unwrap_or(text);
                let mut damaged = if layout {
                    damage_layout(text, &profile, &LayoutDamage::default()).into()
                } else {
                    tarmim::simulate::damage(text, &profile)
                };
                if spacing {
                    use tarmim::simulate::spacing::{damage_spacing, SpacingDamage};
                    damaged = damage_spacing(&damaged, &SpacingDamage::default()).into();
                }
                out.write_all(damaged.as_bytes()).map_err(output_error)?;
            }
        }
        Some(Command::Detect {
            files,
            format,
            options,
        }) => {
            let rep = repairer(&options)?;
            for input in read_inputs(&files)? {
                let text = utf8(&input)?;
                let diagnosis = rep.diagnose(text);
                if format == Format::Json {
                    json::write_diagnosis(&input.name, &diagnosis, &mut out)
                        .map_err(output_error)?;
                    continue;
                }
                if files.len() > 1 {
                    writeln!(out, "== {}", input.name).map_err(output_error)?;
                }
                write!(out, "{diagnosis}").map_err(output_error)?;
            }
        }
        None => {
            let args = cli.repair;
            let rep = repairer(&args.options)?;
            let inputs = read_inputs(&args.files)?;
            if args.jsonl {
                let jobs = args.jobs.map_or_else(
                    || std::thread::available_parallelism().map_or(1, |n| n.get()),
                    usize::from,
                );
                let mut failed = false;
                for input in &inputs {
                    failed |= json::repair_jsonl(&rep, &input.bytes, jobs, &mut out)
                        .map_err(output_error)?;
                }
                out.flush().map_err(output_error)?;
                return Ok(if failed {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                });
            }
            let color = match args.options.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            for input in &inputs {
                let text = utf8(input)?;
                let repair = rep.repair(text);
                if args.json || args.format == Format::Json {
                    json::write_repair(&repair, &mut out).map_err(output_error)?;
                } else if args.diff {
                    diff::write_diff(&input.name, text, &repair, color, &mut out)
                        .map_err(output_error)?;
                } else {
                    out.write_all(repair.text.as_bytes())
                        .map_err(output_error)?;
                }
            }
        }
    }
    out.flush().map_err(output_error)?;
    Ok(ExitCode::SUCCESS)
}
