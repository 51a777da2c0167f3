//! `whk events`: browse what `whk listen` recorded (list, show, export, save),
//! printed the way the listener prints deliveries.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{bail, Context};
use colored::Colorize;

use crate::cli::{EventFilter, EventsArgs, EventsCommand, ExportFormat};
use crate::config::Config;
use crate::exit::Outcome;
use crate::http::Redactor;
use crate::providers;
use crate::receiver::print;
use crate::signing::Verdict;
use crate::store::{Filter, Store, StoredDelivery};
use crate::term;

pub fn run(args: EventsArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let path = config.store(args.store.as_deref()).value;
    // Bad flags are reported even when nothing is recorded yet.
    let filter = match &args.command {
        EventsCommand::List { filter, .. } => filter_from(filter),
        _ => Filter::default(),
    };
    let Some(store) = open_existing(&path)? else {
        if args.store.is_some() {
            // A path typed by hand that is not there is a mistake, not an empty history.
            bail!(
                "no event store at {} (--store): check the path, or run 'whk listen --store {}' to record there",
                path.display(),
                path.display()
            );
        }
        term::note(format!(
            "no deliveries recorded yet ({} does not exist); start 'whk listen' and send it some",
            path.display()
        ));
        return match args.command {
            EventsCommand::Show { seq, .. } | EventsCommand::Save { seq, .. } => {
                bail!(
                    "no delivery #{seq}: nothing is recorded in {}",
                    path.display()
                )
            }
            _ => Ok(Outcome::Success),
        };
    };
    let redactor = super::redactor(&config, None, args.reveal_secrets);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.command {
        EventsCommand::List { limit, json, .. } => {
            let deliveries = store.list(&filter, Some(limit))?;
            if json {
                write_ndjson(&mut out, &deliveries, &redactor)?;
            } else if deliveries.is_empty() {
                term::note("no recorded delivery matches");
            } else {
                term::print_table(&mut out, table(&deliveries), &[1, 2, 6, 5, 4, 3])?;
            }
        }
        EventsCommand::Show { seq, json, explain } => {
            let stored = get(&store, seq)?;
            if explain {
                explain_rejection(&mut out, &config, &stored, &redactor)?;
            } else if json {
                write_ndjson(&mut out, std::slice::from_ref(&stored), &redactor)?;
            } else {
                writeln!(out, "{}", print::summary_line(&stored, &redactor))?;
                print::write_violations(&mut out, &stored)?;
                writeln!(out, "{} {}", "path:".dimmed(), stored.delivery.path)?;
                print::write_headers(&mut out, &stored, &redactor)?;
                writeln!(out)?;
                print::write_body(&mut out, &stored)?;
            }
        }
        EventsCommand::Export { format } => match format {
            ExportFormat::Ndjson => {
                write_ndjson(&mut out, &store.list(&Filter::default(), None)?, &redactor)?
            }
        },
        EventsCommand::Save { seq, file } => {
            let stored = get(&store, seq)?;
            std::fs::write(&file, &stored.delivery.body)
                .with_context(|| format!("cannot write {}", file.display()))?;
            term::note(format!(
                "saved the body of #{seq} ({}) to {}; send it again with 'whk send --data {}'",
                print::human_size(stored.delivery.body.len()),
                file.display(),
                file.display()
            ));
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The doctor's diagnosis of a recorded rejection, re-run on the request as
/// recorded, at the time it arrived, with the secret configured for its
/// provider: no hand-built header file needed.
fn explain_rejection(
    out: &mut impl Write,
    config: &Config,
    stored: &StoredDelivery,
    redactor: &Redactor,
) -> anyhow::Result<()> {
    let d = &stored.delivery;
    writeln!(out, "{}", print::summary_line(stored, redactor))?;
    // The doctor quotes what arrived: a credential in it is shown redacted.
    let redactor = redactor.within(&d.headers);
    if d.verification.verdict != Verdict::Rejected {
        writeln!(
            out,
            "#{} was not rejected: there is nothing to explain",
            stored.seq
        )?;
        return Ok(());
    }
    if d.status == 413 {
        writeln!(
            out,
            "its body was over the limit and not kept: there is nothing to re-check"
        )?;
        return Ok(());
    }
    let provider = providers::find(&d.provider)?;
    let Some(secret) = config.secret(None, None, provider.name)? else {
        bail!(
            "no secret configured for {}: set it in whk.toml or WHK_SECRET to explain #{}",
            provider.name,
            stored.seq
        );
    };
    let Some((error, diagnosis)) = stored.rediagnose(
        &provider.scheme,
        &secret.value,
        provider.tolerance,
        &providers::suspects(provider),
    ) else {
        writeln!(
            out,
            "#{} verifies with the {} secret from {}: it was rejected with another secret",
            stored.seq, provider.name, secret.source
        )?;
        return Ok(());
    };
    super::write_diagnosis(out, &error, &diagnosis, true, &redactor)?;
    Ok(())
}

/// Opens the store if it exists; listing must not create an empty one.
fn open_existing(path: &Path) -> anyhow::Result<Option<Store>> {
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(Store::open(path)?))
}

fn get(store: &Store, seq: u64) -> anyhow::Result<StoredDelivery> {
    match store.get(seq)? {
        Some(stored) => Ok(stored),
        None => {
            let last = store.last()?.map(|d| d.seq);
            match last {
                Some(last) => bail!(
                    "no delivery #{seq} in {}; the last one is #{last}",
                    store.path().display()
                ),
                None => bail!("no delivery #{seq}: {} is empty", store.path().display()),
            }
        }
    }
}

fn filter_from(filter: &EventFilter) -> Filter {
    Filter {
        event_type: filter.event_type.clone(),
        provider: filter.provider.clone(),
        since: filter.since,
    }
}

/// One record per line, exactly as `whk listen --json` prints them.
fn write_ndjson(
    out: &mut impl Write,
    deliveries: &[StoredDelivery],
    redactor: &Redactor,
) -> io::Result<()> {
    for stored in deliveries {
        serde_json::to_writer(&mut *out, &stored.record(redactor))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn table(deliveries: &[StoredDelivery]) -> tabled::Table {
    let mut builder = tabled::builder::Builder::default();
    builder.push_record([
        "#",
        "time (UTC)",
        "provider",
        "type",
        "event id",
        "verified",
        "duplicate",
        "status",
    ]);
    for stored in deliveries {
        let d = &stored.delivery;
        // `2024-05-01T12:34:56Z` -> `2024-05-01 12:34:56` (UTC)
        let time = humantime::format_rfc3339_seconds(d.received_at)
            .to_string()
            .replacen('T', " ", 1)
            .trim_end_matches('Z')
            .to_string();
        builder.push_record([
            stored.seq.to_string(),
            time,
            d.provider.clone(),
            d.event_type.clone().unwrap_or_else(|| "-".into()),
            d.event_id.clone().unwrap_or_else(|| "-".into()),
            match d.verification.verdict {
                Verdict::Verified => "yes".into(),
                // The reason is long; 'whk events show N' has it.
                Verdict::Rejected => "rejected".into(),
                Verdict::Unsigned | Verdict::Skipped => "unchecked".into(),
            },
            stored
                .duplicate_of
                .map_or_else(String::new, |first| format!("of #{first}")),
            d.status.to_string(),
        ]);
    }
    builder.build()
}
