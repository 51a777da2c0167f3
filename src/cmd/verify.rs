//! `whk verify`: check a body against received headers; exit 0 valid, 1
//! invalid (with the doctor's reason), 2 error (usage, input, an unusable secret).

use std::io::BufRead;

use anyhow::{bail, Context};
use colored::Colorize;

use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::exit::Outcome;
use crate::http::Headers;
use crate::signing::{doctor, TimePolicy, Verdict, VerifyError};
use crate::term;

pub fn run(args: VerifyArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    let secret = super::required_secret(&config, &args.provider, &provider)?;

    let mut headers = Headers::new();
    if let Some(path) = &args.headers_from {
        if path.as_os_str() == "-" && args.file.as_ref().is_none_or(|f| f.as_os_str() == "-") {
            bail!("--headers-from - and the body cannot both come from standard input; pass the body as FILE");
        }
        read_header_lines(path, &mut headers)?;
    }
    for line in &args.headers {
        let (name, value) = Headers::parse_line(line).map_err(anyhow::Error::msg)?;
        headers.push(name, value);
    }
    if let Some(signature) = &args.signature {
        let Some(name) = provider.scheme.signature_header() else {
            bail!("--signature: provider {} sends no signature", provider.name);
        };
        headers.set(name, signature.clone());
    }
    let body = super::read_body(args.file.as_deref())?;
    let policy = TimePolicy {
        now: args.now.unwrap_or_else(crate::clock::unix_now),
        tolerance: args.tolerance.or(provider.tolerance),
    };

    match provider.scheme.verify(&secret, &headers, &body, policy) {
        Ok(verdict) => {
            if !term::quiet() {
                let what = match verdict {
                    Verdict::Verified => format!("valid {} signature", provider.title),
                    // Verification succeeds only as verified or unsigned.
                    _ => {
                        format!("{} sends no signature; nothing to verify", provider.title)
                    }
                };
                eprintln!("{} {what}", "ok:".green().bold());
            }
            Ok(Outcome::Success)
        }
        Err(VerifyError::Secret(err)) => Err(err.into()),
        Err(err) => {
            if !term::quiet() {
                eprintln!("{} {err}", "invalid:".red().bold());
                let diagnosis =
                    doctor::diagnose(&provider.scheme, &secret, &headers, &body, policy, &err);
                for hint in diagnosis.hints() {
                    eprintln!("  {} {hint}", "hint:".yellow());
                }
                if args.explain {
                    for detail in diagnosis.details() {
                        eprintln!("  {} {detail}", "explain:".dimmed());
                    }
                }
            }
            Ok(Outcome::Failure)
        }
    }
}

/// Reads `Name: value` lines (as `whk sign` prints them); blank lines are skipped.
fn read_header_lines(path: &std::path::Path, headers: &mut Headers) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read --headers-from {}", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    for line in reader.lines() {
        let line = line.context("cannot read headers")?;
        if line.trim().is_empty() {
            continue;
        }
        let (name, value) = Headers::parse_line(&line).map_err(anyhow::Error::msg)?;
        headers.push(name, value);
    }
    Ok(())
}
