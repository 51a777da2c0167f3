//! `whk providers`: the presets as a table, or one in detail.

use std::io::Write;

use serde_json::{json, Value};
use tabled::builder::Builder;

use crate::cli::{ProvidersArgs, ProvidersCommand, SpecArgs};
use crate::contract::Contract;
use crate::exit::Outcome;
use crate::payload::openapi::Spec;
use crate::providers::{self, format_duration, Provider};
use crate::term;

pub fn run(args: ProvidersArgs) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    match args.command {
        None if args.json => {
            let all: Vec<Value> = providers::all()?.into_iter().map(describe).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
        }
        None => {
            let mut table = Builder::new();
            table.push_record([
                "provider",
                "signature",
                "event id",
                "event type",
                "retries",
                "success",
                "from",
            ]);
            for p in providers::all()? {
                table.push_record([
                    p.name.to_string(),
                    p.scheme.signature_header().unwrap_or("none").to_string(),
                    p.id.describe(),
                    p.event_type.describe(),
                    p.retry.describe(),
                    success(p),
                    p.origin.describe(),
                ]);
            }
            term::print_table(&mut out, table.build(), &[6, 4, 5, 3, 2, 1])?;
        }
        Some(ProvidersCommand::Show {
            name,
            spec: SpecArgs { spec: Some(path) },
        }) => {
            let provider = providers::find(name.as_deref().unwrap_or(providers::DEFAULT_PROVIDER))?;
            let contract = Contract::load(provider, Some(&path))?;
            if let Some(spec) = contract.spec() {
                show_spec(&mut out, provider, spec, args.json)?;
            }
        }
        Some(ProvidersCommand::Show { name, .. }) => {
            let provider = providers::find(name.as_deref().unwrap_or(providers::DEFAULT_PROVIDER))?;
            if args.json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&describe(provider))?
                )?;
            } else {
                show(&mut out, provider)?;
            }
        }
    }
    Ok(Outcome::Success)
}

fn success(p: &Provider) -> String {
    format!(
        "{} within {}",
        p.success.describe(),
        format_duration(p.timeout.as_secs())
    )
}

fn describe(p: &Provider) -> Value {
    let catalog = p.catalog();
    json!({
        "name": p.name,
        "aliases": p.aliases,
        "title": p.title,
        "source": p.source,
        "origin": p.origin.describe(),
        "scheme_kind": p.scheme.kind(),
        "scheme": p.scheme.summary(),
        "signature_header": p.scheme.signature_header(),
        "timestamp_header": p.scheme.timestamp_header(),
        "event_id": p.id.describe(),
        "event_type": p.event_type.describe(),
        "tolerance_seconds": p.tolerance,
        "retry_schedule": p.retry.describe(),
        "retry_waits_seconds": p.retry.waits().iter().map(|d| d.as_secs()).collect::<Vec<_>>(),
        "success": p.success.describe(),
        "timeout_seconds": p.timeout.as_secs(),
        "assumptions": p.assumptions,
        "published_vectors": p.vectors.len(),
        "handshakes": p.handshakes.iter().map(|h| h.name()).collect::<Vec<_>>(),
        "headers": p.headers.iter().map(|(n, v)| (n.to_string(), Value::from(*v))).collect::<serde_json::Map<_, _>>(),
        "events": catalog.events.iter().map(|e| json!({"type": e.event_type, "description": e.description})).collect::<Vec<_>>(),
    })
}

fn show(out: &mut impl Write, p: &Provider) -> std::io::Result<()> {
    use colored::Colorize;
    writeln!(out, "{} ({})", p.title.bold(), p.name)?;
    if !p.aliases.is_empty() {
        writeln!(out, "  aliases:    {}", p.aliases.join(", "))?;
    }
    writeln!(out, "  source:     {}", p.source)?;
    writeln!(out, "  from:       {}", p.origin.describe())?;
    writeln!(out, "  signature:  {}", p.scheme.summary())?;
    if let Some(tolerance) = p.tolerance {
        writeln!(out, "  tolerance:  {tolerance}s")?;
    }
    writeln!(out, "  event id:   {}", p.id.describe())?;
    writeln!(out, "  event type: {}", p.event_type.describe())?;
    writeln!(out, "  retries:    {}", p.retry.describe())?;
    writeln!(out, "  success:    {}", success(p))?;
    for (name, value) in p.headers {
        writeln!(out, "  header:     {name}: {value}")?;
    }
    for handshake in p.handshakes {
        writeln!(
            out,
            "  handshake:  {handshake} ('whk listen' answers {}; 'whk send {handshake}' tests your app's answer)",
            handshake.answers_with()
        )?;
    }
    for assumption in p.assumptions {
        writeln!(out, "  assumed:    {assumption}")?;
    }
    let catalog = p.catalog();
    writeln!(
        out,
        "\nEvents ({}), send one with 'whk send <EVENT> --provider {}':",
        catalog.events.len() + 1,
        p.name
    )?;
    let mut table = Builder::new();
    table.push_record(["event", "description"]);
    for event in &catalog.events {
        table.push_record([event.event_type.clone(), event.description.clone()]);
    }
    table.push_record([
        "test-event".to_string(),
        catalog.test_event.description.clone(),
    ]);
    term::print_table(out, table.build(), &[1])
}

/// An OpenAPI document's webhooks, as events signed by `p`.
fn show_spec(out: &mut impl Write, p: &Provider, spec: &Spec, json: bool) -> anyhow::Result<()> {
    let body_from = |from_example: bool| if from_example { "example" } else { "generated" };
    if json {
        let described = json!({
            "spec": spec.file,
            "title": spec.title,
            "openapi": spec.version,
            "provider": p.name,
            "scheme": p.scheme.summary(),
            "event_type": p.event_type.describe(),
            "events": spec.events.iter().map(|e| json!({
                "name": e.name,
                "type": e.event_type,
                "description": e.description,
                "body": body_from(e.from_example),
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&described)?)?;
        return Ok(());
    }
    use colored::Colorize;
    let title = if spec.title.is_empty() {
        spec.file.as_str()
    } else {
        spec.title.as_str()
    };
    writeln!(
        out,
        "{} (OpenAPI {}, {})",
        title.bold(),
        spec.version,
        spec.file
    )?;
    writeln!(out, "  signed as:  {} ({})", p.title, p.name)?;
    writeln!(out, "  signature:  {}", p.scheme.summary())?;
    writeln!(out, "  event type: {}", p.event_type.describe())?;
    writeln!(
        out,
        "\nWebhooks ({}), send one with 'whk send <NAME> --spec {}':",
        spec.events.len(),
        spec.file
    )?;
    let mut table = Builder::new();
    table.push_record(["name", "type", "body", "description"]);
    for event in &spec.events {
        table.push_record([
            event.name.clone(),
            event.event_type.clone(),
            body_from(event.from_example).to_string(),
            event.description.clone(),
        ]);
    }
    term::print_table(out, table.build(), &[3, 2, 1])?;
    Ok(())
}
