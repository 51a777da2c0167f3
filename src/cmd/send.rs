//! `whk send`: fire signed catalog events or fixtures at a consumer, with the
//! provider's retries, duplicates, or as a load test. Also home of the
//! attempt printer `whk replay` shares.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{bail, Context};
use colored::Colorize;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::cli::{GlobalArgs, ProviderArgs, RetryArgs, SendArgs};
use crate::config::{Config, Source};
use crate::contract::Contract;
use crate::delivery::build::Blueprint;
use crate::delivery::load::{self, LoadOptions, LoadReport};
use crate::delivery::schedule;
use crate::delivery::{self, Attempt, AttemptResult, Observer, Plan};
use crate::exit::{self, Outcome};
use crate::http::Headers;
use crate::providers::{self, Handshake, Provider};
use crate::signing::{Credential, Secret};
use crate::term;

pub fn run(args: SendArgs, _global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    if let Some(kind) = handshake_named(&args, &provider)? {
        return send_handshake(&args, &config, &provider, kind);
    }
    let spec = config.spec(args.spec.spec.as_deref());
    let contract = match spec.is_some() || args.validate {
        true => Some(super::contract(&config, &provider, &args.spec)?),
        false => None,
    };
    let blueprint = match &contract {
        Some(contract) if contract.spec().is_some() => spec_blueprint(&args, contract)?,
        _ => blueprint(&args, &provider)?,
    }
    .with_sets(args.sets.clone())?
    .with_signed_url(args.url.clone());
    let secret = if args.no_auth {
        if !provider.credential_is_optional() {
            bail!(
                "--no-auth applies to providers whose credential is optional (unibo); {} signs every delivery",
                provider.name
            );
        }
        Secret::new("")
    } else {
        secret(&config, &args.provider, &provider)?
    };
    let target = config.target(args.to.as_deref()).value;
    super::note_unused_url(&provider, args.url.as_deref());
    let extra = extra_headers(&args.headers)?;
    if let (true, Some(contract)) = (args.validate, &contract) {
        check_contract(contract, &blueprint, &extra, args.force)?;
    }
    let timeout = schedule::timeout(&provider, args.retry.timeout);
    let client = crate::http::client(Some(timeout)).context("cannot create the HTTP client")?;

    if let Some(count) = args.count {
        let options = LoadOptions {
            count,
            concurrency: args.concurrency,
            threads: args.threads,
            rate: args.rate,
            timeout,
        };
        return load_test(
            &client, &blueprint, secret, &target, &extra, options, args.json,
        );
    }

    let plan = Plan {
        waits: retry_waits(&provider, &args.retry),
        duplicates: args.duplicate,
    };
    let outgoing = blueprint.fresh(secret, &target, &extra)?;
    if args.dry_run {
        print_requests(std::slice::from_ref(&outgoing))?;
        return Ok(Outcome::Success);
    }
    let printer = Printer::new(args.json, 0);
    let delivered = runtime()?.block_on(interruptible(delivery::deliver(
        &client, &outgoing, &plan, &printer,
    )))?;
    if delivered {
        return Ok(Outcome::Success);
    }
    let what = format!(
        "{} {}",
        outgoing.event_type.as_deref().unwrap_or(NO_TYPE),
        outgoing.event_id.as_deref().unwrap_or(NO_ID)
    );
    Err(exit::Failed(format!(
        "{what} was not delivered to {target}: {}",
        printer.last_failure().unwrap_or_default()
    ))
    .into())
}

/// The handshake `args` names, when it names one of the provider's (and no
/// `--data`); naming another provider's handshake is an error that says
/// which providers make it.
fn handshake_named(args: &SendArgs, provider: &Provider) -> anyhow::Result<Option<Handshake>> {
    let (Some(name), None) = (args.event.as_deref(), &args.data) else {
        return Ok(None);
    };
    if let Some(kind) = provider
        .handshakes
        .iter()
        .find(|h| h.name().eq_ignore_ascii_case(name.trim()))
    {
        return Ok(Some(*kind));
    }
    let Ok(kind) = Handshake::from_name(name) else {
        return Ok(None);
    };
    if provider.catalog().find(provider.name, name).is_ok() {
        return Ok(None);
    }
    let makers: Vec<&str> = providers::all()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.handshakes.contains(&kind))
        .map(|p| p.name)
        .collect();
    bail!(
        "{} makes no {kind} handshake{}",
        provider.title,
        match makers.as_slice() {
            [] => String::new(),
            list => format!("; send it with --provider {}", list.join(" or ")),
        }
    )
}

/// `whk send <handshake>`: sends the provider's handshake once and says
/// whether the app answered it right (exit 1 when not).
fn send_handshake(
    args: &SendArgs,
    config: &Config,
    provider: &Provider,
    kind: Handshake,
) -> anyhow::Result<Outcome> {
    if args.count.is_some() || args.duplicate > 0 || args.retry.retry || !args.sets.is_empty() {
        bail!(
            "{kind} is a handshake, sent once as {} sends it: --count, --duplicate, --retry and --set do not apply",
            provider.title
        );
    }
    let secret = if kind.is_signed() {
        secret(config, &args.provider, provider)?
    } else {
        Secret::new("")
    };
    let verify_token = config
        .verify_token(args.verify_token.verify_token.as_ref())?
        .map(|token| token.value);
    if kind.carries_verify_token() && verify_token.is_none() {
        bail!(
            "{kind} carries the verify token your app expects (hub.verify_token): pass --verify-token TOKEN \
             (or set WHK_VERIFY_TOKEN, or verify_token in whk.toml)"
        );
    }
    let token = verify_token.as_ref().map(Secret::expose);
    let target = config.target(args.to.as_deref()).value;
    let extra = extra_headers(&args.headers)?;
    let prepared = delivery::handshake::prepare(provider, kind, secret, &target, token, &extra)?;
    if args.dry_run {
        print_requests(std::slice::from_ref(&prepared.outgoing))?;
        return Ok(Outcome::Success);
    }
    let timeout = schedule::timeout(provider, args.retry.timeout);
    let client = crate::http::client(Some(timeout)).context("cannot create the HTTP client")?;
    let checked = runtime()?
        .block_on(interruptible(prepared.check(&client, token)))?
        .map_err(|reason| {
            exit::Failed(format!(
                "the {kind} handshake got no answer from {target}: {reason}"
            ))
        })?;
    let problem = checked.verdict.as_ref().err();
    if args.json {
        let record = serde_json::json!({
            "handshake": kind.name(),
            "provider": provider.name,
            "target": target,
            "status": checked.status,
            "latency_ms": checked.latency.as_millis() as u64,
            "right": problem.is_none(),
            "problem": problem,
        });
        println!("{record}");
    } else {
        let mark = match problem {
            None => "✓ answered right".green().bold().to_string(),
            Some(_) => "✗ answered wrong".red().bold().to_string(),
        };
        println!(
            "{mark} {} {} → {} in {} ms{}",
            provider.name.cyan(),
            kind.name().bold(),
            checked.status,
            checked.latency.as_millis(),
            problem.map_or_else(String::new, |p| format!(": {p}"))
        );
    }
    match problem {
        None => Ok(Outcome::Success),
        Some(_) => Ok(Outcome::from_success(false)),
    }
}

/// The event to send: `--data`, the named catalog event, or one picked on a terminal.
fn blueprint(args: &SendArgs, provider: &Provider) -> anyhow::Result<Blueprint> {
    if let Some(path) = &args.data {
        let bytes = super::read_body(Some(path))?;
        return Ok(Blueprint::data(provider, bytes, args.event.clone()));
    }
    let event = match &args.event {
        Some(event) => event.clone(),
        None => pick_event(provider)?,
    };
    Ok(Blueprint::catalog(provider, &event)?)
}

/// The event to send from an OpenAPI document: `--data`, or the named webhook.
fn spec_blueprint(args: &SendArgs, contract: &Contract) -> anyhow::Result<Blueprint> {
    let provider = contract.provider();
    if args.data.is_some() {
        return blueprint(args, provider);
    }
    let Some(name) = &args.event else {
        let names: Vec<&str> = contract
            .spec()
            .map(|spec| spec.events.iter().map(|e| e.name.as_str()).collect())
            .unwrap_or_default();
        bail!(
            "no event to send: name one of the document's webhooks ({}); 'whk providers show --spec FILE' lists them",
            names.join(", ")
        );
    };
    match contract.spec_event(name) {
        Some(found) => {
            let event = found?;
            Ok(Blueprint::template(
                provider,
                event.event_type.clone(),
                event.body.clone(),
            ))
        }
        None => blueprint(args, provider),
    }
}

/// `--validate`: renders the body once and checks it; a body that breaks its
/// schema is not sent unless `--force`.
fn check_contract(
    contract: &Contract,
    blueprint: &Blueprint,
    headers: &Headers,
    force: bool,
) -> anyhow::Result<()> {
    let id = blueprint.provider.id_format.generate();
    let body = blueprint.render(&id)?;
    let checked = contract.check(blueprint.event_type.as_deref(), headers, &body)?;
    if checked.valid() {
        return Ok(());
    }
    let list = checked
        .violations
        .iter()
        .map(|v| format!("  {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let what = format!(
        "the body breaks the {} schema ({}):\n{list}",
        checked.event_type,
        contract.source_name()
    );
    if force {
        term::note(format!("sending anyway (--force): {what}"));
        return Ok(());
    }
    Err(exit::Failed(format!("not sent: {what}\npass --force to send it anyway")).into())
}

/// Fuzzy-selects an event on a terminal; elsewhere says how to name one.
fn pick_event(provider: &Provider) -> anyhow::Result<String> {
    if !term::interactive() {
        bail!(
            "no event to send: name one, e.g. 'whk send test-event' or 'whk send {} --provider {}'; \
             'whk providers show {}' lists its events, and --data FILE sends your own body",
            provider.catalog().names().next().unwrap_or("test-event"),
            provider.name,
            provider.name
        );
    }
    let catalog = provider.catalog();
    let entries: Vec<_> = catalog
        .events
        .iter()
        .chain(std::iter::once(&catalog.test_event))
        .collect();
    let items: Vec<String> = entries
        .iter()
        .map(|e| format!("{:<32} {}", e.event_type, e.description.dimmed()))
        .collect();
    let choice = dialoguer::FuzzySelect::with_theme(&dialoguer::theme::ColorfulTheme::default())
        .with_prompt(format!("{} event to send", provider.title))
        .items(&items)
        .default(0)
        .interact_opt()
        .context("cannot read the choice")?;
    match choice {
        Some(index) => Ok(entries[index].event_type.clone()),
        None => Err(exit::Interrupted.into()),
    }
}

/// The signing secret; a development one is generated (and saved for `whk
/// listen`) when none is configured.
pub(super) fn secret(
    config: &Config,
    args: &ProviderArgs,
    provider: &Provider,
) -> anyhow::Result<Secret> {
    if !provider.is_signed() {
        return Ok(Secret::new(""));
    }
    let resolved =
        config.secret_or_generate(args.secret.as_ref(), args.secret_file.as_deref(), provider)?;
    if let Source::Generated(path) = &resolved.source {
        let (what, listen) = match provider.scheme.credential() {
            Credential::KeyPair => ("signing key", "verifies with its public half"),
            _ => ("secret", "verifies with the same one"),
        };
        term::note(format!(
            "generated a development {what} for {} and saved it in {} ('whk listen' {listen})",
            provider.name,
            path.display()
        ));
    }
    Ok(resolved.value)
}

pub(super) fn extra_headers(lines: &[String]) -> anyhow::Result<Headers> {
    lines
        .iter()
        .map(|line| Headers::parse_line(line).map_err(anyhow::Error::msg))
        .collect()
}

/// `--dry-run`: each request exactly as it would go on the wire, signed now,
/// on stdout (the body as raw bytes), one blank line between requests.
pub(super) fn print_requests(events: &[delivery::Outgoing]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for (n, outgoing) in events.iter().enumerate() {
        if n > 0 {
            out.write_all(b"\n\n")?;
        }
        let wire = outgoing
            .wire(crate::clock::unix_now())
            .map_err(|reason| anyhow::anyhow!("cannot sign the request: {reason}"))?;
        out.write_all(&wire)?;
    }
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// The waits between attempts the retry flags ask for.
pub(super) fn retry_waits(provider: &Provider, flags: &RetryArgs) -> Vec<Duration> {
    let waits = schedule::waits(
        provider,
        flags.retry,
        flags.time_scale,
        flags.schedule.as_ref().map(|s| s.0.as_slice()),
    );
    if flags.retry && waits.is_empty() {
        term::note(format!(
            "{} does not retry failed deliveries; pass --schedule 1s,5s to retry anyway",
            provider.name
        ));
    }
    waits
}

/// A multi-threaded runtime: load mode spreads its workers over every core.
pub(super) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs `work` unless Ctrl-C comes first (exit 130).
pub(super) async fn interruptible<T>(
    work: impl std::future::Future<Output = T>,
) -> anyhow::Result<T> {
    tokio::select! {
        result = work => Ok(result),
        _ = tokio::signal::ctrl_c() => Err(exit::Interrupted.into()),
    }
}

fn load_test(
    client: &reqwest::Client,
    blueprint: &Blueprint,
    secret: Secret,
    target: &str,
    extra: &Headers,
    options: LoadOptions,
    json: bool,
) -> anyhow::Result<Outcome> {
    let prototype = Arc::new(blueprint.fresh(secret, target, extra)?);
    let template = Arc::new(blueprint.body_template()?);
    let progress = Arc::new(AtomicU64::new(0));
    let bar = term::progress_allowed().then(|| {
        let bar = ProgressBar::new(options.count);
        bar.set_style(
            ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} {per_sec:.dim} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let report = runtime()?.block_on(async {
        let ticker = bar.clone().map(|bar| {
            let progress = Arc::clone(&progress);
            tokio::spawn(async move {
                loop {
                    bar.set_position(progress.load(Ordering::Relaxed));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            })
        });
        let report = interruptible(load::run(client, prototype, template, options, progress)).await;
        if let Some(ticker) = ticker {
            ticker.abort();
        }
        report
    })??;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", report.to_json())?;
    } else {
        write_summary(&mut out, &report, &prototype_name(blueprint))?;
    }
    Ok(Outcome::from_success(report.failed() == 0))
}

fn prototype_name(blueprint: &Blueprint) -> String {
    format!(
        "{} ({})",
        blueprint.event_type.as_deref().unwrap_or("custom body"),
        blueprint.provider.name
    )
}

fn write_summary(out: &mut impl Write, report: &LoadReport, what: &str) -> std::io::Result<()> {
    let mut failures: Vec<String> = report
        .failed_statuses()
        .map(|(s, n)| format!("{s} ×{n}"))
        .collect();
    failures.extend(report.errors.iter().map(|(e, n)| format!("{e} ×{n}")));
    let failed = match report.failed() {
        0 => "0".to_string(),
        n => format!("{}: {}", n.to_string().red(), failures.join(", ")),
    };
    let latency = if report.latency.is_empty() {
        "no answers to measure".to_string()
    } else {
        format!(
            "p50 {:.2} ms · p90 {:.2} ms · p99 {:.2} ms · max {:.2} ms",
            report.latency_ms(0.5),
            report.latency_ms(0.9),
            report.latency_ms(0.99),
            report.max_latency_ms()
        )
    };
    let mut table = tabled::builder::Builder::new();
    table.push_record(["sent", &format!("{} × {what}", report.sent)]);
    table.push_record([
        "succeeded",
        &report.succeeded.to_string().green().to_string(),
    ]);
    table.push_record(["failed", &failed]);
    table.push_record([
        "throughput",
        &format!(
            "{:.1} requests/s over {:.2} s",
            report.requests_per_second(),
            report.elapsed.as_secs_f64()
        ),
    ]);
    table.push_record(["latency", &latency]);
    crate::term::print_table(out, table.build(), &[1])
}

/// Prints each attempt: a line (or a JSON object with `--json`) on stdout, a
/// countdown on stderr while waiting to retry, and optionally an overall bar.
pub(super) struct Printer {
    json: bool,
    bars: Option<MultiProgress>,
    overall: Option<ProgressBar>,
    last_failure: Mutex<Option<String>>,
}

impl Printer {
    /// `total` > 1 shows a bar counting finished deliveries.
    pub(super) fn new(json: bool, total: u64) -> Printer {
        let bars = term::progress_allowed()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let overall = match &bars {
            Some(bars) if total > 1 => {
                let bar = bars.add(ProgressBar::new(total));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{bar:40.cyan/blue} {pos}/{len} delivered or given up",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                Some(bar)
            }
            _ => None,
        };
        Printer {
            json,
            bars,
            overall,
            last_failure: Mutex::new(None),
        }
    }

    /// Why the last given-up delivery failed.
    pub(super) fn last_failure(&self) -> Option<String> {
        self.last_failure.lock().ok()?.clone()
    }

    fn print(&self, text: &str) {
        let write = || {
            // A closed stdout ends nothing here; the exit code still tells.
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        };
        match &self.bars {
            Some(bars) => bars.suspend(write),
            None => write(),
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.overall {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Printer {
    fn attempt(&self, attempt: &Attempt) {
        if self.json {
            self.print(&attempt.to_json().to_string());
        } else if !term::quiet() || !attempt.success {
            // --quiet: a delivered event says nothing; the exit code does.
            self.print(&human_line(attempt));
        }
        if !attempt.success && !attempt.will_retry {
            if let Ok(mut last) = self.last_failure.lock() {
                *last = Some(outcome_text(attempt));
            }
        }
        if !attempt.will_retry {
            if let Some(bar) = &self.overall {
                bar.inc(1);
            }
        }
    }

    fn shows_requests(&self) -> bool {
        term::verbose()
    }

    /// `-v`: each request on stderr, as curl -v shows it.
    fn request(&self, wire: &[u8]) {
        let text = String::from_utf8_lossy(wire);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut shown: String = head.lines().map(|line| format!("> {line}\n")).collect();
        shown.push_str(">\n");
        if !body.is_empty() {
            shown.push_str(body);
            shown.push('\n');
        }
        let write = || eprint!("{shown}");
        match &self.bars {
            Some(bars) => bars.suspend(write),
            None => write(),
        }
    }

    fn waiting(&self, failed: &Attempt, wait: Duration) -> Box<dyn Send> {
        let what = format!(
            "retrying {} (attempt {})",
            failed.event_id.as_deref().unwrap_or(NO_ID),
            failed.number + 1
        );
        let Some(bars) = &self.bars else {
            term::note(format!("{what} in {}", format_wait(wait)));
            return Box::new(());
        };
        let total = wait;
        let style = ProgressStyle::with_template("{spinner} {msg} in {left}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key(
                "left",
                move |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = write!(
                        out,
                        "{}",
                        format_wait(total.saturating_sub(state.elapsed()))
                    );
                },
            );
        let bar = bars.add(
            ProgressBar::new_spinner()
                .with_style(style)
                .with_message(what),
        );
        bar.enable_steady_tick(Duration::from_millis(100));
        Box::new(Countdown(bar))
    }
}

/// Clears its countdown when the wait ends.
struct Countdown(ProgressBar);

impl Drop for Countdown {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

fn format_wait(wait: Duration) -> String {
    if wait < Duration::from_secs(60) {
        format!("{:.1}s", wait.as_secs_f64())
    } else {
        humantime::format_duration(Duration::from_secs(wait.as_secs())).to_string()
    }
}

fn format_latency(latency: Duration) -> String {
    let ms = latency.as_secs_f64() * 1e3;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1e3)
    }
}

/// `500 Internal Server Error`, or the one-line error.
fn outcome_text(attempt: &Attempt) -> String {
    match &attempt.response {
        AttemptResult::Status { status, .. } => {
            let reason = reqwest::StatusCode::from_u16(*status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            let mut text = format!("{status} {reason}").trim_end().to_string();
            if !attempt.success && (200..300).contains(status) {
                if let Ok(provider) = providers::find(attempt.provider) {
                    text.push_str(&format!(
                        " (not delivered for {}: it accepts {})",
                        provider.name,
                        provider.success.describe()
                    ));
                }
            }
            text
        }
        AttemptResult::Error(error) => error.clone(),
    }
}

/// Shown for a body that carries no event type or id where the provider
/// keeps them: what went on the wire, not a catalog name it does not contain.
const NO_TYPE: &str = "(no type)";
const NO_ID: &str = "(no id)";

/// `✓ #3 SESSION_ENDED evt_01J…  attempt 1  200 OK  3.2 ms  15 B`
fn human_line(attempt: &Attempt) -> String {
    let mark = if attempt.success {
        "✓".green().bold()
    } else {
        "✗".red().bold()
    };
    let mut line = format!("{mark} ");
    if let Some(seq) = attempt.seq {
        line.push_str(&format!("#{seq} "));
    }
    line.push_str(&format!(
        "{} {}",
        attempt.event_type.as_deref().unwrap_or(NO_TYPE).bold(),
        attempt.event_id.as_deref().unwrap_or(NO_ID).dimmed()
    ));
    if attempt.copy > 0 {
        line.push_str(&format!("  duplicate {}", attempt.copy));
    }
    line.push_str(&format!("  attempt {}  ", attempt.number));
    let outcome = outcome_text(attempt);
    match &attempt.response {
        AttemptResult::Status { body, .. } => {
            let outcome = if attempt.success {
                outcome.green()
            } else {
                outcome.red()
            };
            line.push_str(&format!(
                "{outcome}  {}  {} B",
                format_latency(attempt.latency),
                body.len()
            ));
            if term::verbose() && !body.is_empty() {
                for body_line in String::from_utf8_lossy(body).lines() {
                    line.push_str("\n    ");
                    line.push_str(body_line);
                }
            }
        }
        AttemptResult::Error(_) => line.push_str(&outcome.red().to_string()),
    }
    if attempt.will_retry {
        line.push_str(&"  (will retry)".dimmed().to_string());
    }
    line
}
