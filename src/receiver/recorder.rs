//! Group commit: one writer thread owns the [`Store`] and records every
//! delivery the server hands it.
//!
//! Request handlers queue a delivery on a bounded channel and wait for the
//! writer's answer; the writer takes everything queued at that moment, commits
//! it in one transaction (one fsync for the whole batch) and only then answers
//! each handler. A handler therefore never answers 2xx for a row that is not
//! durable, and a full queue slows senders down instead of growing memory.
//!
//! After the commit the writer updates the tally and hands the batch, as
//! [`ListenEvent`]s, to the sink thread, so rendering overlaps the next fsync
//! and the writer never prints.

use std::panic::AssertUnwindSafe;
use std::sync::{mpsc as std_mpsc, Arc, OnceLock};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot, Notify};

use crate::feed::{ListenEvent, Sink, Stop, Tally};
use crate::providers::Handshake;
use crate::store::{NewDelivery, Store, StoredDelivery};

use super::goal::Goal;

/// Deliveries waiting for the writer; a full queue makes handlers wait.
const QUEUE: usize = 1024;
/// The most deliveries committed in one transaction.
const MAX_BATCH: usize = 512;
/// Batches waiting for the sinks before the writer waits for them.
const SINK_QUEUE: usize = 64;

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
    #[error("the listener's event-store writer stopped: {0}")]
    WriterDied(String),
}

struct Job {
    delivery: NewDelivery,
    /// The app's answer, published after the delivery's record.
    app_answer: Option<String>,
    reply: oneshot::Sender<Result<Committed, RecordError>>,
}

/// The handlers' side of the writer: cheap to clone, one per connection.
#[derive(Clone)]
pub struct Recorder {
    jobs: mpsc::Sender<Job>,
    to_sinks: std_mpsc::SyncSender<Vec<ListenEvent>>,
    /// Set when the writer thread died, to say so instead of "shutting down".
    died: Arc<OnceLock<String>>,
}

impl Recorder {
    /// Records `delivery` and returns once it is durable. `app_answer` is
    /// what a forward target answered, for the sinks that show it.
    pub async fn record(
        &self,
        delivery: NewDelivery,
        app_answer: Option<String>,
    ) -> Result<Committed, RecordError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                delivery,
                app_answer,
                reply,
            })
            .await
            .map_err(|_| self.closed())?;
        answer.await.map_err(|_| self.closed())?
    }

    fn closed(&self) -> RecordError {
        match self.died.get() {
            Some(why) => RecordError::WriterDied(why.clone()),
            None => RecordError::Closed,
        }
    }

    /// Hands the sinks an event that is not a recorded delivery. Never waits:
    /// when the sinks are that far behind, a notice is dropped rather than
    /// holding up a request.
    pub fn publish(&self, event: ListenEvent) {
        let _ = self.to_sinks.try_send(vec![event]);
    }
}

/// The writer and sink threads; [`Writer::finish`] waits until everything
/// queued has been committed and handed to the sinks.
pub struct Writer {
    /// The tally, and why the writer died if it did.
    writer: JoinHandle<(Tally, Option<String>)>,
    sinks: JoinHandle<()>,
    to_sinks: std_mpsc::SyncSender<Vec<ListenEvent>>,
}

impl Writer {
    /// Starts the writer on `store` and the sink thread on `sinks`. `stop` is
    /// notified when `goal` is reached or a sink's output went away.
    pub fn start(
        store: Store,
        sinks: Vec<Box<dyn Sink>>,
        goal: Goal,
        stop: Arc<Notify>,
    ) -> std::io::Result<(Recorder, Writer)> {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let (to_sinks, sink_queue) = std_mpsc::sync_channel::<Vec<ListenEvent>>(SINK_QUEUE);
        let sink_stop = Arc::clone(&stop);
        let sinks = std::thread::Builder::new()
            .name("whk-sinks".into())
            .spawn(move || run_sinks(sinks, sink_queue, &sink_stop))?;
        let publish = to_sinks.clone();
        let died = Arc::new(OnceLock::new());
        let writer_died = Arc::clone(&died);
        let writer = std::thread::Builder::new()
            .name("whk-writer".into())
            .spawn(move || {
                let mut tally = Tally::default();
                let mut queue = queue;
                let mut pending = Pending::with_capacity(MAX_BATCH);
                let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    write_loop(
                        store,
                        &mut queue,
                        &mut pending,
                        publish,
                        goal,
                        &stop,
                        &mut tally,
                    )
                }));
                match run {
                    Ok(()) => (tally, None),
                    Err(panic) => {
                        // Nothing can be recorded any more: say so to every
                        // waiting handler and stop the listener, loudly.
                        let why = super::bug_message(&*panic);
                        let _ = writer_died.set(why.clone());
                        drop(pending);
                        drop(queue);
                        stop.notify_one();
                        (tally, Some(why))
                    }
                }
            })?;
        Ok((
            Recorder {
                jobs,
                to_sinks: to_sinks.clone(),
                died,
            },
            Writer {
                writer,
                sinks,
                to_sinks,
            },
        ))
    }

    /// Waits for the queue to drain (every `Recorder` must be dropped first),
    /// tells the sinks the listener stopped, and returns the final tally and,
    /// if the writer died, why.
    pub fn finish(self, stopped: Stop) -> (Tally, Option<String>) {
        let (tally, died) = self
            .writer
            .join()
            .unwrap_or_else(|_| (Tally::default(), Some("the writer thread panicked".into())));
        let _ = self.to_sinks.send(vec![ListenEvent::Stopped {
            tally: tally.clone(),
            stopped,
        }]);
        drop(self.to_sinks);
        let _ = self.sinks.join();
        (tally, died)
    }
}

/// Hands each batch to every sink, then lets each flush once.
fn run_sinks(
    mut sinks: Vec<Box<dyn Sink>>,
    queue: std_mpsc::Receiver<Vec<ListenEvent>>,
    stop: &Notify,
) {
    for batch in queue {
        sinks.retain_mut(|sink| {
            let shown = batch
                .iter()
                .try_for_each(|event| sink.handle(event))
                .and_then(|()| sink.flush());
            if shown.is_err() {
                // Its output is gone (`whk listen --json | head -1`): stop like
                // any Unix filter, still answering what is in flight.
                stop.notify_one();
            }
            shown.is_ok()
        });
    }
}

/// The handlers waiting for the batch being committed.
type Pending = Vec<(
    Option<String>,
    oneshot::Sender<Result<Committed, RecordError>>,
)>;

/// `queue` and `pending` belong to the caller so that, if this panics, the
/// waiting handlers are only let go once the writer's death is known.
fn write_loop(
    mut store: Store,
    queue: &mut mpsc::Receiver<Job>,
    pending: &mut Pending,
    to_sinks: std_mpsc::SyncSender<Vec<ListenEvent>>,
    goal: Goal,
    stop: &Notify,
    tally: &mut Tally,
) {
    // Without it the writer checkpoints inline, as SQLite does by default.
    let _ = store.checkpoint_behind();
    let mut deliveries = Vec::with_capacity(MAX_BATCH);
    let mut sinks_listening = true;
    let mut failing = false;
    while let Some(first) = queue.blocking_recv() {
        let mut next = Some(first);
        while let Some(job) = next {
            deliveries.push(job.delivery);
            pending.push((job.app_answer, job.reply));
            next = if deliveries.len() < MAX_BATCH {
                queue.try_recv().ok()
            } else {
                None
            };
        }
        #[cfg(test)]
        if deliveries
            .iter()
            .any(|d| d.headers.get(super::tests::PANIC_HEADER) == Some("writer"))
        {
            panic!("test-only trigger: a bug in the writer");
        }
        let mut events = Vec::with_capacity(deliveries.len());
        match store.insert_batch(&deliveries) {
            Ok(committed) => {
                failing = false;
                for ((delivery, (app_answer, reply)), (seq, duplicate_of)) in
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
                    let kind = stored
                        .delivery
                        .handshake
                        .as_deref()
                        .and_then(|name| Handshake::from_name(name).ok());
                    events.push(match kind {
                        Some(kind) => ListenEvent::Handshake {
                            stored: Arc::new(stored),
                            kind,
                        },
                        None => ListenEvent::Recorded(Arc::new(stored)),
                    });
                    if let Some(body) = app_answer {
                        events.push(ListenEvent::AppAnswered { seq, body });
                    }
                }
                if goal.reached(tally) {
                    stop.notify_one();
                }
            }
            Err(err) => {
                let message = err.to_string();
                if !failing {
                    events.push(ListenEvent::StoreFailed {
                        message: message.clone(),
                    });
                    failing = true;
                }
                deliveries.clear();
                for (_, reply) in pending.drain(..) {
                    let _ = reply.send(Err(RecordError::Store(message.clone())));
                }
            }
        }
        if sinks_listening && !events.is_empty() && to_sinks.send(events).is_err() {
            sinks_listening = false;
        }
    }
}
