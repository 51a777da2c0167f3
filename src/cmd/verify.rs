//! `whk verify`: check a body against received headers; exit 0 valid, 1
//! invalid (with the doctor's reason), 2 error (usage, input, an unusable secret).

use std::io::{BufRead, Write};

use serde_json::json;

use anyhow::{bail, Context};
use colored::Colorize;

use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::exit::Outcome;
use crate::http::Headers;
use crate::http::Redactor;
use crate::providers;
use crate::signing::{doctor, Finding, Request, TimePolicy, Verdict, VerifyError};
use crate::term;

pub fn run(args: VerifyArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    let secret = match &args.public_key {
        Some(key) => super::public_key(&provider, key)?,
        None => super::required_secret(&config, &args.provider, &provider)?,
    };

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

    super::note_unused_url(&provider, args.url.as_deref());
    if provider.scheme.signs_url() && args.url.is_none() {
        bail!(
            "{} signs the URL the delivery was posted to: pass --url with the URL as the sender \
             saw it (the public one, query included), e.g. --url https://example.com/hooks",
            provider.title
        );
    }
    let request = Request::post(&headers, &body).at(args.url.as_deref());
    let result = provider.scheme.verdict(&secret, &request, policy);
    if let Err(VerifyError::Secret(err)) = result {
        return Err(err.into());
    }
    let diagnosis = match &result {
        Ok(_) => doctor::Diagnosis::default(),
        Err(err) => doctor::diagnose_among(
            &provider.scheme,
            &secret,
            &request,
            policy,
            err,
            &providers::suspects(&provider),
        ),
    };
    if args.json {
        let (verdict, mut findings) = match &result {
            Ok(verdict) => (*verdict, Vec::new()),
            Err(err) => (Verdict::Rejected, vec![Finding::from(err)]),
        };
        findings.extend(diagnosis.findings);
        let report = json!({
            "valid": result.is_ok(),
            "verdict": verdict,
            "provider": provider.name,
            "findings": findings,
        });
        writeln!(std::io::stdout().lock(), "{report}")?;
    } else if !term::quiet() {
        match &result {
            Ok(Verdict::Verified) => eprintln!(
                "{} valid {} signature",
                "ok:".green().bold(),
                provider.title
            ),
            // Verification succeeds only as verified or unsigned.
            Ok(_) => eprintln!(
                "{} {} sends no signature; nothing to verify",
                "ok:".green().bold(),
                provider.title
            ),
            Err(err) => {
                // The doctor never prints the secret, and the headers are the
                // user's own input: nothing to scrub here.
                super::write_diagnosis(
                    &mut std::io::stderr().lock(),
                    err,
                    &diagnosis,
                    args.explain,
                    &Redactor::revealing(),
                )?;
            }
        }
    }
    Ok(Outcome::from_success(result.is_ok()))
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
