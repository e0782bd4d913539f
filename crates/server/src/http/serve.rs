//! Serving HTTP on a socket with the protections `axum::serve` lacks:
//!
//! - **a deadline on the whole request**: its headers must arrive within the request read
//!   timeout, counted from when the connection starts waiting for them (hyper's header-read
//!   timer), and its body within the same time, counted from then too ([`DeadlineBody`]); a
//!   client trickling either is cut off;
//! - **idle keep-alive connections are closed** after the keep-alive timeout (a watchdog per
//!   connection that knows whether a request is in flight);
//! - **a cap on open connections**: beyond it a connection is answered 503 with `Retry-After`
//!   and closed at once, so a flood of sockets cannot exhaust file descriptors or memory;
//! - **graceful shutdown with a deadline**: stop accepting, let in-flight requests finish,
//!   and still return when the grace period is over, whatever half-open sockets remain.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt as _;

/// The address a request came from (for the anonymous per-IP rate limit).
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub SocketAddr);

/// Limits of the connection layer.
#[derive(Clone, Copy, Debug)]
pub struct ServeOptions {
    /// A request must arrive whole (headers, then body) within this time.
    pub request_read_timeout: Duration,
    /// A connection with no request in flight is closed after this time.
    pub keep_alive_timeout: Duration,
    /// Most connections open at once; more are refused with 503.
    pub max_connections: usize,
    /// How long shutdown waits for in-flight requests before closing everything.
    pub shutdown_grace: Duration,
}

impl Default for ServeOptions {
    /// The documented defaults (README, `GATEWAY_*` variables).
    fn default() -> Self {
        ServeOptions {
            request_read_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(5),
            max_connections: 4_096,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Accepts connections until `shutdown` resolves, then drains them for at most the grace
/// period. Returns when every connection is closed or the grace period is over.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let max = options.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (closing, closing_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(err) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(error = %err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    crate::metrics::record_connection_refused();
                    tokio::spawn(refuse_overloaded(stream));
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let connection = serve_connection(stream, peer, router.clone(), options, closing_rx.clone());
                tokio::spawn(async move {
                    connection.await;
                    drop(slot);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = closing.send(true);
    tracing::info!(
        grace_ms = options.shutdown_grace.as_millis() as u64,
        "draining connections"
    );
    // Every connection holds one permit until it ends: all of them back means all closed.
    tokio::select! {
        _ = slots.acquire_many(max as u32) => tracing::info!("all connections closed"),
        () = tokio::time::sleep(options.shutdown_grace) => {
            tracing::warn!("connections still open after the grace period; closing them");
        }
    }
    Ok(())
}

/// The answer to a connection beyond the cap, written before the request is even read.
async fn refuse_overloaded(mut stream: TcpStream) {
    const BODY: &str = r#"{"errors":[{"message":"the gateway is at its connection limit; retry shortly","extensions":{"code":"UNAVAILABLE"}}]}"#;
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let write = async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}

/// Serves one connection until the client closes it, it idles out, or shutdown begins.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    options: ServeOptions,
    mut closing: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new());
    let service = {
        let activity = activity.clone();
        tower::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let router = router.clone();
            let in_flight = activity.begin();
            async move {
                let deadline = in_flight.waiting_since + options.request_read_timeout;
                let mut request =
                    request.map(|body| axum::body::Body::new(DeadlineBody::new(body, deadline)));
                request.extensions_mut().insert(PeerAddr(peer));
                let response = router.oneshot(request).await;
                drop(in_flight);
                response
            }
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.request_read_timeout)
        .keep_alive(true);
    let connection =
        builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    tokio::pin!(connection);
    let mut winding_down = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(err) = result {
                    tracing::debug!(error = %err, %peer, "connection ended with an error");
                }
                break;
            }
            _ = closing.changed(), if !winding_down => {
                connection.as_mut().graceful_shutdown();
                winding_down = true;
            }
            () = activity.idle_for(options.keep_alive_timeout), if !winding_down => {
                // Closes at once when idle; otherwise after the response in flight.
                connection.as_mut().graceful_shutdown();
                winding_down = true;
            }
        }
    }
}

/// Whether a connection has a request in flight, and since when it has been waiting.
struct Activity {
    in_flight: AtomicUsize,
    waiting_since: Mutex<Instant>,
    changed: Notify,
}

/// One request in flight; ending it (drop) starts the connection's idle time.
struct InFlight {
    activity: Arc<Activity>,
    /// When the connection started waiting for this request.
    waiting_since: Instant,
}

impl Activity {
    fn new() -> Self {
        Activity {
            in_flight: AtomicUsize::new(0),
            waiting_since: Mutex::new(Instant::now()),
            changed: Notify::new(),
        }
    }

    fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let waiting_since = *self.waiting_since.lock().unwrap_or_else(|e| e.into_inner());
        self.changed.notify_waiters();
        InFlight {
            activity: self.clone(),
            waiting_since,
        }
    }

    /// Resolves once the connection has had no request in flight for `timeout`.
    async fn idle_for(&self, timeout: Duration) {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if self.in_flight.load(Ordering::SeqCst) == 0 {
                let since = *self.waiting_since.lock().unwrap_or_else(|e| e.into_inner());
                let wake = since + timeout;
                if Instant::now() >= wake {
                    return;
                }
                tokio::select! {
                    () = tokio::time::sleep_until(wake) => {}
                    () = changed => {}
                }
            } else {
                changed.await;
            }
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        *self
            .activity
            .waiting_since
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Instant::now();
        self.activity.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.activity.changed.notify_waiters();
    }
}

/// The request body did not arrive completely before the request's read deadline.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyDeadlineExceeded;

/// A request body that fails once its deadline has passed, so a client sending one byte per
/// second cannot hold a connection (and a handler waiting for the body) for ever. The timer
/// is only created when the body is actually slow.
pub struct DeadlineBody<B> {
    inner: B,
    deadline: Instant,
    timer: Option<Pin<Box<Sleep>>>,
}

impl<B> DeadlineBody<B> {
    pub fn new(inner: B, deadline: Instant) -> Self {
        DeadlineBody {
            inner,
            deadline,
            timer: None,
        }
    }
}

impl<B> Body for DeadlineBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|result| result.map_err(Into::into)));
        }
        let deadline = this.deadline;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(BodyDeadlineExceeded))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
