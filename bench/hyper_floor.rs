//! The floor under `whk listen` in bench/run.sh: hyper serving HTTP the way
//! the listener does (the same runtime, connection builder and header-read
//! timeout; every body read whole, within a size limit) and doing nothing
//! else. Not a receiver: it verifies and records nothing. Measured next to
//! nginx and whk, it tells how much of the gap to nginx is the HTTP stack and
//! how much is whk's own work.
//!
//!     cargo run --release --example hyper_floor -- PORT

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;

async fn answer(req: Request<hyper::body::Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let status = match Limited::new(req.into_body(), 1 << 20).collect().await {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_REQUEST,
    };
    let mut reply = Response::new(Full::new(Bytes::from_static(b"ok\n")));
    *reply.status_mut() = status;
    Ok(reply)
}

fn main() -> std::io::Result<()> {
    let port: u16 = match std::env::args().nth(1).map(|p| p.parse()) {
        Some(Ok(port)) => port,
        _ => {
            eprintln!("usage: hyper_floor PORT");
            std::process::exit(2);
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
            let connection = builder
                .serve_connection(TokioIo::new(stream), hyper::service::service_fn(answer))
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    })
}
