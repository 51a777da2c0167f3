//! `whk validate`: check a body against its event's schema; exit 0 valid, 1
//! invalid (each violation on stdout), 2 usage or input error.

use std::io::Write;

use colored::Colorize;
use serde_json::json;

use crate::cli::ValidateArgs;
use crate::config::Config;
use crate::exit::Outcome;
use crate::http::Headers;
use crate::term;

pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = config.provider(args.provider.as_deref())?.value;
    let contract = super::contract(&config, provider, &args.spec)?;
    let headers = args
        .headers
        .iter()
        .map(|line| Headers::parse_line(line).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Headers>>()?;
    let body = super::read_body(args.file.as_deref())?;
    let checked = contract.check(args.event.as_deref(), &headers, &body)?;

    let mut out = std::io::stdout().lock();
    if args.json {
        let result = json!({
            "event_type": checked.event_type,
            "valid": checked.valid(),
            "errors": checked.violations,
        });
        writeln!(out, "{result}")?;
    } else {
        for violation in &checked.violations {
            writeln!(out, "{violation}")?;
        }
    }
    if !term::quiet() {
        let source = contract.source_name();
        if checked.valid() {
            eprintln!(
                "{} the body matches the {} schema ({source})",
                "ok:".green().bold(),
                checked.event_type
            );
        } else {
            let n = checked.violations.len();
            eprintln!(
                "{} {n} violation{} of the {} schema ({source})",
                "invalid:".red().bold(),
                if n == 1 { "" } else { "s" },
                checked.event_type
            );
        }
    }
    Ok(Outcome::from_success(checked.valid()))
}
