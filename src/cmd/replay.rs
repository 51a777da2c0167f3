//! `whk replay`: re-deliver recorded deliveries (the work is in
//! `delivery::replay`, shared with the web inspector).

use std::sync::Arc;

use anyhow::{bail, Context};

use crate::cli::{GlobalArgs, ReplayArgs};
use crate::config::Config;
use crate::delivery::replay::{self, ReplayRequest, Selection};
use crate::delivery::{self, schedule, Plan};
use crate::exit::{self, Outcome};
use crate::signing::Secret;
use crate::store::{Filter, Store};

use super::send::{interruptible, print_requests, retry_waits, runtime, Printer};

pub fn run(args: ReplayArgs, _global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let selection = if args.last {
        Selection::Last
    } else if args.all {
        Selection::All
    } else {
        Selection::Seqs(args.seqs.clone())
    };
    let by_seq = matches!(selection, Selection::Seqs(_));
    // With SEQs, --provider means "re-sign as"; otherwise it filters.
    let provider = match (&args.filter.provider, by_seq) {
        (Some(name), true) => Some(crate::providers::find(name)?),
        _ => None,
    };
    let filter = Filter {
        event_type: args.filter.event_type.clone(),
        provider: args.filter.provider.clone().filter(|_| !by_seq),
        since: args.filter.since,
    };
    let store_path = config.store(args.store.as_deref()).value;
    if !store_path.exists() {
        bail!(
            "no event store at {}: 'whk listen' records deliveries there (or pass --store FILE)",
            store_path.display()
        );
    }
    let store = Store::open(&store_path)?;
    let request = ReplayRequest {
        selection,
        filter,
        target: config.target(args.to.as_deref()).value,
        verbatim: args.verbatim,
        provider,
        secret: replay_secret(&args)?,
    };
    if request.selection == Selection::All && !args.dry_run {
        return replay_streamed(&args, config, store, request);
    }
    let events = replay::plan(&store, &config, &request)?;
    drop(store);
    if args.dry_run {
        print_requests(&events)?;
        return Ok(Outcome::Success);
    }

    // One schedule for all: the first event's provider (they share the flags).
    let first = &events[0].provider;
    let plan = Plan {
        waits: retry_waits(first, &args.retry),
        duplicates: 0,
    };
    let timeout = schedule::timeout(first, args.retry.timeout);
    let client = crate::http::client(Some(timeout)).context("cannot create the HTTP client")?;
    let total = events.len() as u64;
    let printer = Arc::new(Printer::new(args.json, total));
    let observer: Arc<dyn delivery::Observer> = printer.clone();
    let totals = runtime()?.block_on(interruptible(delivery::deliver_all(
        &client,
        events,
        &plan,
        args.concurrency,
        observer,
    )))?;
    printer.finish();
    if totals.failed == 0 {
        return Ok(Outcome::Success);
    }
    let reason = printer.last_failure().unwrap_or_default();
    Err(exit::Failed(if total == 1 {
        format!(
            "the replay was not delivered to {}: {reason}",
            request.target
        )
    } else {
        format!(
            "{} of {total} replays were not delivered to {} (last: {reason})",
            totals.failed, request.target
        )
    })
    .into())
}

/// `replay --all`: the store is walked page by page on a thread of its own
/// and at most `--concurrency` deliveries are in flight, so a store of any
/// size replays in bounded memory.
fn replay_streamed(
    args: &ReplayArgs,
    config: Config,
    store: Store,
    request: ReplayRequest,
) -> anyhow::Result<Outcome> {
    let name = store.path().display().to_string();
    if store.last()?.is_none() {
        return Err(replay::ReplayError::EmptyStore(name).into());
    }
    let total = store.count_matching(&request.filter)?;
    let Some(first) = store.page(&request.filter, 0, 1)?.pop() else {
        return Err(replay::ReplayError::NoMatch(name).into());
    };
    // The first event is prepared up front: a missing secret fails before anything is sent.
    let first = replay::prepare(&first, &config, &request)?;
    // One schedule for all: the first event's provider (they share the flags).
    let plan = Plan {
        waits: retry_waits(&first.provider, &args.retry),
        duplicates: 0,
    };
    let timeout = schedule::timeout(&first.provider, args.retry.timeout);
    let client = crate::http::client(Some(timeout)).context("cannot create the HTTP client")?;
    let (events, queue) = tokio::sync::mpsc::channel(args.concurrency.saturating_mul(2).max(2));
    let reading = {
        let request = request.clone();
        std::thread::Builder::new()
            .name("whk-replay-read".into())
            .spawn(move || replay::stream(&store, &config, &request, events))
            .context("cannot start the thread reading the event store")?
    };
    let printer = Arc::new(Printer::new(args.json, total));
    let observer: Arc<dyn delivery::Observer> = printer.clone();
    let totals = runtime()?.block_on(interruptible(delivery::deliver_stream(
        &client,
        queue,
        &plan,
        args.concurrency,
        observer,
    )))?;
    printer.finish();
    let read = reading
        .join()
        .map_err(|_| anyhow::anyhow!("the thread reading the event store stopped"))?;
    if let Err(err) = read {
        return Err(anyhow::Error::from(err).context(format!(
            "replay stopped after {} deliveries",
            totals.delivered + totals.failed
        )));
    }
    if totals.failed == 0 {
        return Ok(Outcome::Success);
    }
    let reason = printer.last_failure().unwrap_or_default();
    Err(exit::Failed(format!(
        "{} of {total} replays were not delivered to {} (last: {reason})",
        totals.failed, request.target
    ))
    .into())
}

/// `--secret`, or the trimmed contents of `--secret-file`.
fn replay_secret(args: &ReplayArgs) -> anyhow::Result<Option<Secret>> {
    let Some(path) = &args.secret_file else {
        return Ok(args.secret.clone());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read --secret-file {}", path.display()))?;
    let secret = text.trim();
    if secret.is_empty() {
        bail!(
            "--secret-file {} is empty: put the secret in it, or leave the flag out to use the configured one",
            path.display()
        );
    }
    Ok(Some(Secret::new(secret)))
}
