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
        secret: args.secret.clone().map(Secret::new),
    };
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
