//! The floors under `whk listen` in bench/run.sh: hyper serving HTTP the way
//! the listener does (the same runtime, connection builder and header-read
//! timeout; every body read whole, within a size limit) and nothing else.
//! - With `--durable FILE`, each body is also written to the log FILE and
//!   answered only once an fdatasync covers it, one per group of the bodies
//!   that queued meanwhile, as whk's group commit does: the least any
//!   receiver that answers after its record is on disk must wait for.
//! - With `--store FILE`, each request is recorded by whk's own event store
//!   instead (`Store::insert_batch`, one group per commit, with checkpoints
//!   on a thread of their own, as the listener's writer does), unverified and
//!   shown nowhere.
//!
//! Not a receiver. Measured next to nginx and whk, the floors tell how much
//! of the gap to nginx is the HTTP stack, the disk, the store, and the rest
//! of whk's work (verifying, the record, the sinks).
//!
//!     cargo run --release --example hyper_floor -- PORT [--durable FILE | --store FILE]

use std::convert::Infallible;
use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::sync::{mpsc, oneshot};
use whk::http::Headers;
use whk::signing::{Verdict, Verification};
use whk::store::{NewDelivery, Store};

/// Where a request goes before it is answered, and who waits for it there.
#[derive(Clone)]
enum Keep {
    Nothing,
    Log(mpsc::Sender<(Bytes, oneshot::Sender<bool>)>),
    Store(mpsc::Sender<(NewDelivery, oneshot::Sender<bool>)>),
}

async fn answer(
    req: Request<hyper::body::Incoming>,
    keep: Keep,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let status = match Limited::new(body, 1 << 20).collect().await {
        Err(_) => StatusCode::BAD_REQUEST,
        Ok(body) => {
            let (done, kept) = oneshot::channel();
            let queued = match keep {
                Keep::Nothing => return Ok(reply(StatusCode::OK)),
                Keep::Log(log) => log.send((body.to_bytes(), done)).await.is_ok(),
                Keep::Store(store) => {
                    let row = delivery(&parts, body.to_bytes());
                    store.send((row, done)).await.is_ok()
                }
            };
            match queued && kept.await.unwrap_or(false) {
                true => StatusCode::OK,
                false => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    };
    Ok(reply(status))
}

fn reply(status: StatusCode) -> Response<Full<Bytes>> {
    let mut reply = Response::new(Full::new(Bytes::from_static(b"ok\n")));
    *reply.status_mut() = status;
    reply
}

/// The row whk would record for a GitHub delivery, unverified.
fn delivery(parts: &hyper::http::request::Parts, body: Bytes) -> NewDelivery {
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    NewDelivery {
        received_at: std::time::SystemTime::now(),
        method: parts.method.as_str().to_string(),
        path: parts.uri.to_string(),
        event_id: header("x-github-delivery"),
        event_type: header("x-github-event"),
        headers: Headers::from(&parts.headers),
        body: body.to_vec(),
        provider: "github".to_string(),
        verification: Verification::new(Verdict::Skipped),
        status: 200,
        forward: None,
        schema: None,
        declared_size: None,
        custom_scheme: None,
        handshake: None,
    }
}

/// Takes everything queued behind `first`, the way whk's writer forms a group.
fn group<T>(first: T, queue: &mut mpsc::Receiver<T>, into: &mut Vec<T>) {
    into.push(first);
    while let Ok(next) = queue.try_recv() {
        into.push(next);
    }
}

/// Records every queued request in one commit, then answers them all.
fn write_store(path: PathBuf, mut queue: mpsc::Receiver<(NewDelivery, oneshot::Sender<bool>)>) {
    let mut store = match Store::open(&path) {
        Ok(store) => store,
        Err(err) => return eprintln!("hyper_floor: {err}"),
    };
    // Checkpoints behind the writer, as the listener runs them.
    let _ = store.checkpoint_behind();
    let mut waiting = Vec::new();
    while let Some(first) = queue.blocking_recv() {
        group(first, &mut queue, &mut waiting);
        let (rows, done): (Vec<_>, Vec<_>) = waiting.drain(..).unzip();
        let committed = store.insert_batch(&rows).is_ok();
        for done in done {
            let _ = done.send(committed);
        }
    }
}

/// The log is rewritten from its start past this size, as whk's WAL is after
/// a checkpoint (every 2000 pages of 16 KiB): syncing writes over blocks the
/// file already has is cheaper than syncing a file that grows (31-33k/s
/// against 26-28k/s here), and the floor must not be a slower log than whk's.
const LOG_WRAP: u64 = 32 << 20;

/// Appends every queued body, syncs once, then answers them all.
fn write_log(
    path: PathBuf,
    mut queue: mpsc::Receiver<(Bytes, oneshot::Sender<bool>)>,
) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    let mut written_since_wrap = 0u64;
    let mut group_of = Vec::new();
    while let Some(first) = queue.blocking_recv() {
        group(first, &mut queue, &mut group_of);
        if written_since_wrap >= LOG_WRAP {
            file.seek(SeekFrom::Start(0))?;
            written_since_wrap = 0;
        }
        written_since_wrap += group_of
            .iter()
            .map(|(body, _)| body.len() as u64)
            .sum::<u64>();
        let written = group_of
            .iter()
            .try_for_each(|(body, _)| file.write_all(body))
            .and_then(|()| file.sync_data());
        for (_, done) in group_of.drain(..) {
            let _ = done.send(written.is_ok());
        }
        written?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (port, keep) = match args.as_slice() {
        [port] => (port.parse::<u16>().ok(), None),
        [port, flag, file] if flag == "--durable" || flag == "--store" => (
            port.parse::<u16>().ok(),
            Some((flag == "--store", PathBuf::from(file))),
        ),
        _ => (None, None),
    };
    let Some(port) = port else {
        eprintln!("usage: hyper_floor PORT [--durable FILE | --store FILE]");
        std::process::exit(2);
    };
    let keep = match keep {
        None => Keep::Nothing,
        Some((false, path)) => {
            let (log, queue) = mpsc::channel(1024);
            std::thread::spawn(move || {
                if let Err(err) = write_log(path, queue) {
                    eprintln!("hyper_floor: the log failed: {err}");
                }
            });
            Keep::Log(log)
        }
        Some((true, path)) => {
            let (store, queue) = mpsc::channel(1024);
            std::thread::spawn(move || write_store(path, queue));
            Keep::Store(store)
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(30));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                // As the listener does: back off rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            let _ = stream.set_nodelay(true);
            let keep = keep.clone();
            let service = hyper::service::service_fn(move |req| answer(req, keep.clone()));
            let connection = builder
                .serve_connection(TokioIo::new(stream), service)
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    })
}
