//! `whk audit URL`: resolves provider, secret and event as `whk send` does,
//! runs the cases of [`crate::audit`] and prints the table or JSON (and the
//! JUnit file); exit 1 when a case failed.

use std::io::Write;

use std::time::Duration;

use anyhow::Context;
use indicatif::ProgressBar;

use crate::audit::{self, report, Kit, Settings, Verdict};
use crate::cli::{AuditArgs, AuditFormat, GlobalArgs};
use crate::config::{generate_secret, Config};
use crate::delivery::build::Blueprint;
use crate::exit::Outcome;
use crate::payload::catalog::TEST_EVENT;
use crate::term;

use super::send::{extra_headers, interruptible, runtime, secret};

pub fn run(args: AuditArgs, _global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    let blueprint = match &args.data {
        Some(path) => Blueprint::data(&provider, super::read_body(Some(path))?, args.event.clone()),
        None => Blueprint::catalog(&provider, args.event.as_deref().unwrap_or(TEST_EVENT))?,
    }
    .with_signed_url(args.signed_url.clone());
    super::note_unused_url(&provider, args.signed_url.as_deref());
    let settings = Settings {
        secret: secret(&config, &args.provider, &provider)?,
        wrong_secret: generate_secret(&provider.scheme)?,
        provider,
        url: args.url.clone(),
        blueprint,
        extra: extra_headers(&args.headers)?,
        only: args.only.clone(),
        skip: args.skip.clone(),
        verify_token: config
            .verify_token(args.verify_token.verify_token.as_ref())?
            .map(|token| token.value),
    };
    let selected = audit::select(&settings.only, &settings.skip)?;
    let kit = Kit::new(settings)?;
    // A hanging target can take the provider's timeout per case: say which runs.
    let spinner = term::progress_allowed().then(|| {
        let spinner = ProgressBar::new_spinner();
        spinner.enable_steady_tick(Duration::from_millis(100));
        spinner
    });
    let starting = |name: &'static str| {
        if let Some(spinner) = &spinner {
            spinner.set_message(format!("{name} → {}", kit.target.url));
        }
    };
    let report = runtime()?.block_on(interruptible(audit::run(&kit, &selected, &starting)));
    if let Some(spinner) = &spinner {
        spinner.finish_and_clear();
    }
    let report = report??;

    if let Some(path) = &args.junit {
        std::fs::write(path, report::junit(&report))
            .with_context(|| format!("cannot write the JUnit report to {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        AuditFormat::Json => writeln!(out, "{}", report::json(&report))?,
        AuditFormat::Table => writeln!(out, "{}", report::table(&report, term::width()))?,
    }
    let failed: Vec<&str> = report
        .cases
        .iter()
        .filter(|c| c.verdict() == Verdict::Fail)
        .map(|c| c.name)
        .collect();
    let mut summary = format!("audit of {}: {}", report.target, report::summary(&report));
    if !failed.is_empty() {
        summary.push_str(&format!(" (failed: {})", failed.join(", ")));
    }
    term::note(summary);
    Ok(Outcome::from_success(failed.is_empty()))
}
