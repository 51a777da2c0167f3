//! Plumbing for whk's own HTTP answers, shared by the listener and the pages
//! it serves under the reserved prefix (the inspector, later health checks):
//! the body type, plain-text replies, and the [`Pages`] seam through which
//! `cmd::listen` mounts those pages on the listener without the receiver
//! knowing what they are.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use tokio::sync::mpsc;

/// Paths under this prefix belong to whk itself, never to a delivery.
pub const RESERVED_PREFIX: &str = "/_whk/";

/// Whether `path` is one of whk's own (never a delivery).
pub fn is_reserved(path: &str) -> bool {
    path.starts_with(RESERVED_PREFIX) || path == RESERVED_PREFIX.trim_end_matches('/')
}

/// What every answer's body is: a whole body, or a stream of chunks (the
/// inspector's live feed).
pub type Body = Either<Full<Bytes>, ChunkStream>;
/// An answer of the server.
pub type Reply = Response<Body>;
/// An answer with a whole body: everything but a stream.
pub type Plain = Response<Full<Bytes>>;

/// A plain-text answer with a `whk:` line, as every answer whk itself writes.
pub fn text(status: StatusCode, body: String) -> Plain {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// [`text`] as a [`Reply`].
pub fn text_reply(status: StatusCode, body: String) -> Reply {
    text(status, body).map(Either::Left)
}

/// A response body fed chunk by chunk by a task; it ends when the sender is dropped.
pub struct ChunkStream {
    chunks: mpsc::Receiver<Bytes>,
}

impl ChunkStream {
    /// A stream and the sender that feeds it (`capacity` chunks may wait).
    pub fn channel(capacity: usize) -> (mpsc::Sender<Bytes>, ChunkStream) {
        let (sender, chunks) = mpsc::channel(capacity);
        (sender, ChunkStream { chunks })
    }
}

impl hyper::body::Body for ChunkStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.chunks
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

/// A boxed future answering one request.
pub type Answering = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// Pages served under [`RESERVED_PREFIX`] by a listener, mounted by whoever
/// starts it. The listener routes to them and otherwise knows nothing of them.
pub trait Pages: Send + Sync + 'static {
    /// A request under [`RESERVED_PREFIX`] on the listener's own port.
    fn serve(self: Arc<Self>, req: Request<Incoming>) -> Answering;

    /// Any request on a port that serves these pages alone (`--ui-port`).
    fn serve_own_port(self: Arc<Self>, req: Request<Incoming>) -> Answering;

    /// The listener is stopping: end long-lived answers (live streams) so
    /// they do not hold up the drain.
    fn close(&self);
}
