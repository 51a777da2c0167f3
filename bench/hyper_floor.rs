//! The floors under `whk listen` in bench/run.sh: hyper serving HTTP the way
//! the listener does (the same runtime, connection builder and header-read
//! timeout; every body read whole, within a size limit) and nothing else.
//! With `--durable FILE`, each body is also written to the log FILE and
//! answered only once an fdatasync covers it, one per group of the bodies that
//! queued meanwhile, as whk's group commit does: the least any receiver that answers
//! after its record is on disk must wait for. Not a receiver: it verifies
//! nothing and keeps no database. Measured next to nginx and whk, the floors
//! tell how much of the gap to nginx is the HTTP stack, how much the disk,
//! and how much whk's own work.
//!
//!     cargo run --release --example hyper_floor -- PORT [--durable FILE]

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

/// A body on its way to the log, and who waits for it to be on disk.
type Append = (Bytes, oneshot::Sender<bool>);

async fn answer(
    req: Request<hyper::body::Incoming>,
    log: Option<mpsc::Sender<Append>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let status = match Limited::new(req.into_body(), 1 << 20).collect().await {
        Ok(body) => match log {
            None => StatusCode::OK,
            Some(log) => {
                let (done, synced) = oneshot::channel();
                let durable = log.send((body.to_bytes(), done)).await.is_ok()
                    && synced.await.unwrap_or(false);
                match durable {
                    true => StatusCode::OK,
                    false => StatusCode::INTERNAL_SERVER_ERROR,
                }
            }
        },
        Err(_) => StatusCode::BAD_REQUEST,
    };
    let mut reply = Response::new(Full::new(Bytes::from_static(b"ok\n")));
    *reply.status_mut() = status;
    Ok(reply)
}

/// The log is rewritten from its start past this size, as whk's WAL is after
/// a checkpoint (every 2000 pages of 16 KiB): syncing writes over blocks the
/// file already has is cheaper than syncing a file that grows (31-33k/s
/// against 26-28k/s here), and the floor must not be a slower log than whk's.
const LOG_WRAP: u64 = 32 << 20;

/// Appends every queued body, syncs once, then answers them all.
fn write_log(path: PathBuf, mut queue: mpsc::Receiver<Append>) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    let mut written_since_wrap = 0u64;
    let mut group = Vec::new();
    while let Some(first) = queue.blocking_recv() {
        group.push(first);
        while let Ok(next) = queue.try_recv() {
            group.push(next);
        }
        if written_since_wrap >= LOG_WRAP {
            file.seek(SeekFrom::Start(0))?;
            written_since_wrap = 0;
        }
        written_since_wrap += group.iter().map(|(body, _)| body.len() as u64).sum::<u64>();
        let written = group
            .iter()
            .try_for_each(|(body, _)| file.write_all(body))
            .and_then(|()| file.sync_data());
        for (_, done) in group.drain(..) {
            let _ = done.send(written.is_ok());
        }
        written?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (port, durable) = match args.as_slice() {
        [port] => (port.parse::<u16>().ok(), None),
        [port, flag, file] if flag == "--durable" => {
            (port.parse::<u16>().ok(), Some(PathBuf::from(file)))
        }
        _ => (None, None),
    };
    let Some(port) = port else {
        eprintln!("usage: hyper_floor PORT [--durable FILE]");
        std::process::exit(2);
    };
    let log = match durable {
        Some(path) => {
            let (log, queue) = mpsc::channel(1024);
            std::thread::spawn(move || {
                if let Err(err) = write_log(path, queue) {
                    eprintln!("hyper_floor: the log failed: {err}");
                }
            });
            Some(log)
        }
        None => None,
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
            let log = log.clone();
            let service = hyper::service::service_fn(move |req| answer(req, log.clone()));
            let connection = builder
                .serve_connection(TokioIo::new(stream), service)
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    })
}
