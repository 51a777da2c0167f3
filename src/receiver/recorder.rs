//! Group commit: one writer thread owns the [`Store`] and records every
//! delivery the server hands it.
//!
//! Request handlers queue a delivery on a bounded channel and wait for the
//! writer's answer; the writer takes everything queued at that moment, commits
//! it in one transaction (one fsync for the whole batch) and only then answers
//! each handler. A handler therefore never answers 2xx for a row that is not
//! durable, and a full queue slows senders down instead of growing memory.
//!
//! After the commit the writer updates the tally, hands the batch to the
//! printer thread (so printing overlaps the next fsync) and publishes each
//! delivery on a broadcast channel for whoever subscribed (the web UI).

use std::sync::{mpsc as std_mpsc, Arc};
use std::thread::JoinHandle;

use tokio::sync::{broadcast, mpsc, oneshot, Notify};

use crate::store::{NewDelivery, Store, StoredDelivery};

use super::goal::{Goal, Tally};
use super::print::{Printed, Printer};

/// Deliveries waiting for the writer; a full queue makes handlers wait.
const QUEUE: usize = 1024;
/// The most deliveries committed in one transaction.
const MAX_BATCH: usize = 512;
/// Batches waiting to be printed before the writer waits for the printer.
const PRINT_QUEUE: usize = 64;
/// Recorded deliveries kept for slow subscribers before they lag.
const BROADCAST: usize = 1024;

/// Where a delivery ended up once committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Committed {
    pub seq: u64,
    pub duplicate_of: Option<u64>,
}

/// Why a delivery could not be recorded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RecordError {
    #[error("the event store failed: {0}")]
    Store(String),
    #[error("the listener is shutting down")]
    Closed,
}

struct Job {
    delivery: NewDelivery,
    extra: Printed,
    reply: oneshot::Sender<Result<Committed, RecordError>>,
}

/// The handlers' side of the writer: cheap to clone, one per connection.
#[derive(Clone)]
pub struct Recorder {
    jobs: mpsc::Sender<Job>,
    recorded: broadcast::Sender<Arc<StoredDelivery>>,
}

impl Recorder {
    /// Records `delivery` and returns once it is durable.
    pub async fn record(
        &self,
        delivery: NewDelivery,
        extra: Printed,
    ) -> Result<Committed, RecordError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                delivery,
                extra,
                reply,
            })
            .await
            .map_err(|_| RecordError::Closed)?;
        answer.await.map_err(|_| RecordError::Closed)?
    }

    /// Every delivery recorded from now on, in commit order.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<StoredDelivery>> {
        self.recorded.subscribe()
    }
}

/// The writer and printer threads; joining them waits until everything
/// queued has been committed and printed.
pub struct Writer {
    writer: JoinHandle<Tally>,
    printer: JoinHandle<()>,
}

impl Writer {
    /// Starts the writer on `store`. `stop` is notified when `goal` is reached
    /// or stdout went away.
    pub fn start(
        store: Store,
        printer: Printer,
        goal: Goal,
        stop: Arc<Notify>,
    ) -> (Recorder, Writer) {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let (recorded, _) = broadcast::channel(BROADCAST);
        let (to_printer, printer_queue) =
            std_mpsc::sync_channel::<Vec<(Arc<StoredDelivery>, Printed)>>(PRINT_QUEUE);
        let printer_stop = Arc::clone(&stop);
        let printer = std::thread::Builder::new()
            .name("whk-printer".into())
            .spawn(move || {
                let mut printer = printer;
                for batch in printer_queue {
                    if printer.print_batch(&batch).is_err() {
                        // stdout is gone (`whk listen --json | head -1`): stop
                        // like any Unix filter, still answering what is in flight.
                        printer_stop.notify_one();
                        break;
                    }
                }
            })
            .expect("spawn the printer thread");
        let publish = recorded.clone();
        let writer = std::thread::Builder::new()
            .name("whk-writer".into())
            .spawn(move || write_loop(store, queue, to_printer, publish, goal, stop))
            .expect("spawn the writer thread");
        (Recorder { jobs, recorded }, Writer { writer, printer })
    }

    /// Waits for the queue to drain (every `Recorder` must be dropped first)
    /// and returns the final tally.
    pub fn finish(self) -> Tally {
        let tally = self.writer.join().unwrap_or_default();
        let _ = self.printer.join();
        tally
    }
}

fn write_loop(
    mut store: Store,
    mut queue: mpsc::Receiver<Job>,
    to_printer: std_mpsc::SyncSender<Vec<(Arc<StoredDelivery>, Printed)>>,
    publish: broadcast::Sender<Arc<StoredDelivery>>,
    goal: Goal,
    stop: Arc<Notify>,
) -> Tally {
    let mut tally = Tally::default();
    let mut deliveries = Vec::with_capacity(MAX_BATCH);
    let mut pending = Vec::with_capacity(MAX_BATCH);
    let mut printing = true;
    let mut warned = false;
    while let Some(first) = queue.blocking_recv() {
        let mut next = Some(first);
        while let Some(job) = next {
            deliveries.push(job.delivery);
            pending.push((job.extra, job.reply));
            next = if deliveries.len() < MAX_BATCH {
                queue.try_recv().ok()
            } else {
                None
            };
        }
        match store.insert_batch(&deliveries) {
            Ok(committed) => {
                let mut batch = Vec::with_capacity(deliveries.len());
                for ((delivery, (extra, reply)), (seq, duplicate_of)) in
                    deliveries.drain(..).zip(pending.drain(..)).zip(committed)
                {
                    // The handler may have gone (client hung up); the row is
                    // committed either way.
                    let _ = reply.send(Ok(Committed { seq, duplicate_of }));
                    let stored = StoredDelivery {
                        seq,
                        duplicate_of,
                        delivery,
                    };
                    tally.count(&stored);
                    let stored = Arc::new(stored);
                    if publish.receiver_count() > 0 {
                        let _ = publish.send(Arc::clone(&stored));
                    }
                    batch.push((stored, extra));
                }
                if printing && to_printer.send(batch).is_err() {
                    printing = false;
                }
                if goal.reached(&tally) {
                    stop.notify_one();
                }
            }
            Err(err) => {
                let message = err.to_string();
                if !warned {
                    crate::term::warn(format!("{message}; answering 503 until it recovers"));
                    warned = true;
                }
                deliveries.clear();
                for (_, reply) in pending.drain(..) {
                    let _ = reply.send(Err(RecordError::Store(message.clone())));
                }
            }
        }
    }
    tally
}
