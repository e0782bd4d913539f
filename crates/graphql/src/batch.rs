//! Request-scoped batching that dispatches when the request has nothing else to do.
//!
//! async-graphql's stock `DataLoader` collects keys for a fixed delay and then queries. That
//! delay is paid at every level of a nested query (six levels × 5 ms is 30 ms of waiting on an
//! idle machine), and on a loaded machine a level can take longer than the delay to resolve,
//! so one level splits into several statements. Both problems come from guessing, with a
//! clock, when a level has finished enqueueing keys.
//!
//! We know it exactly instead: [`FlushOnIdle`] wraps the execution of one request, and when
//! the execution returns `Pending` without having woken itself (every resolver that could make
//! progress has, and all are waiting on loads or on the database), the keys enqueued so far are
//! complete for this round and every pending batch is dispatched at once. No timer is involved,
//! so a level costs its query and nothing more, and the number of statements per request does
//! not depend on machine load.
//!
//! The loaders themselves implement async-graphql's [`Loader`] trait, so they stay ordinary
//! DataLoaders; only the dispatch policy is ours. A batcher used outside a [`FlushOnIdle`]
//! (nothing in the gateway does that) falls back to a short timer rather than waiting forever.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use async_graphql::dataloader::Loader;
use tokio::sync::oneshot;

/// How long an undriven batcher waits before dispatching (see the module docs).
const UNDRIVEN_WINDOW: Duration = Duration::from_millis(2);

type BoxedBatch = Pin<Box<dyn Future<Output = ()> + Send>>;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Something holding keys that can be turned into one in-flight batch.
trait Dispatch: Send + Sync {
    fn take_batch(&self) -> Option<BoxedBatch>;
}

/// The batchers of one request, and whether a [`FlushOnIdle`] drives them.
#[derive(Default)]
pub struct BatchHub {
    driven: AtomicBool,
    batchers: Mutex<Vec<Arc<dyn Dispatch>>>,
}

impl BatchHub {
    /// A batcher for `loader`, registered with this hub.
    pub fn batcher<K, L>(self: &Arc<Self>, loader: L) -> Arc<Batcher<K, L>>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        L: Loader<K>,
    {
        let batcher = Arc::new(Batcher {
            loader: Arc::new(loader),
            pending: Mutex::new(HashMap::new()),
            hub: Arc::downgrade(self),
        });
        lock(&self.batchers).push(batcher.clone() as Arc<dyn Dispatch>);
        batcher
    }

    /// Every batch with pending keys, taken out of its batcher.
    fn take_batches(&self) -> Vec<BoxedBatch> {
        let batchers = lock(&self.batchers).clone();
        batchers.iter().filter_map(|b| b.take_batch()).collect()
    }
}

type Reply<V, E> = oneshot::Sender<Result<Option<V>, E>>;
/// Everybody waiting for one key.
type Waiting<V, E> = Vec<Reply<V, E>>;
/// Each pending key with everybody waiting for it.
type Pending<K, V, E> = Mutex<HashMap<K, Waiting<V, E>>>;

/// Collects keys for one loader and answers every caller when its batch has been loaded.
pub struct Batcher<K, L: Loader<K>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    loader: Arc<L>,
    /// Each pending key with everybody waiting for it (a key asked twice is loaded once).
    pending: Pending<K, L::Value, L::Error>,
    hub: std::sync::Weak<BatchHub>,
}

impl<K, L> Batcher<K, L>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    L: Loader<K>,
    L::Error: From<BatchLost>,
{
    /// The value for `key`, loaded together with every other key enqueued in the same round.
    pub async fn load_one(self: &Arc<Self>, key: K) -> Result<Option<L::Value>, L::Error> {
        self.enqueue(key).await
    }

    /// Enqueues `key` now and returns the future of its value. Keys enqueued one after the
    /// other before awaiting any of them (`nodes(ids:)`) join the same round, so each loader
    /// answers all of them in one batch.
    pub fn enqueue(
        self: &Arc<Self>,
        key: K,
    ) -> impl Future<Output = Result<Option<L::Value>, L::Error>> + use<K, L> {
        let (reply, answer) = oneshot::channel();
        let first = {
            let mut pending = lock(&self.pending);
            let first = pending.is_empty();
            pending.entry(key).or_default().push(reply);
            first
        };
        let driven = self
            .hub
            .upgrade()
            .is_some_and(|hub| hub.driven.load(Ordering::Acquire));
        if first && !driven {
            dispatch_later(self.clone());
        }
        async move { answer.await.map_err(|_| L::Error::from(BatchLost))? }
    }
}

impl<K, L> Dispatch for Batcher<K, L>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    L: Loader<K>,
{
    fn take_batch(&self) -> Option<BoxedBatch> {
        let batch = std::mem::take(&mut *lock(&self.pending));
        if batch.is_empty() {
            return None;
        }
        let loader = self.loader.clone();
        Some(Box::pin(async move {
            let keys: Vec<K> = batch.keys().cloned().collect();
            match loader.load(&keys).await {
                Ok(mut values) => {
                    for (key, replies) in batch {
                        let value = values.remove(&key);
                        for reply in replies {
                            let _ = reply.send(Ok(value.clone()));
                        }
                    }
                }
                Err(err) => {
                    for reply in batch.into_values().flatten() {
                        let _ = reply.send(Err(err.clone()));
                    }
                }
            }
        }))
    }
}

/// Dispatches an undriven batcher's keys after [`UNDRIVEN_WINDOW`]. Not generic, so that one
/// spawned task type serves every loader (a task type per loader costs build time).
fn dispatch_later(batcher: Arc<dyn Dispatch>) {
    tokio::spawn(async move {
        tokio::time::sleep(UNDRIVEN_WINDOW).await;
        if let Some(batch) = batcher.take_batch() {
            batch.await;
        }
    });
}

/// A batch was dropped before it answered (its request was cancelled).
#[derive(Debug, Clone, Copy)]
pub struct BatchLost;

/// A waker that remembers whether it was woken, and passes the wake on.
struct Flagged {
    real: Waker,
    woken: AtomicBool,
}

impl Wake for Flagged {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.real.wake_by_ref();
    }
}

/// Runs a request's execution and dispatches its pending batches whenever it goes idle. The
/// batches run inside this future, so cancelling the request (its deadline) cancels them too.
pub struct FlushOnIdle<F> {
    inner: Pin<Box<F>>,
    hub: Arc<BatchHub>,
    in_flight: Vec<BoxedBatch>,
}

impl<F: Future> FlushOnIdle<F> {
    pub fn new(inner: F, hub: Arc<BatchHub>) -> Self {
        hub.driven.store(true, Ordering::Release);
        FlushOnIdle {
            inner: Box::pin(inner),
            hub,
            in_flight: Vec::new(),
        }
    }
}

impl<F: Future> Future for FlushOnIdle<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        loop {
            let flagged = Arc::new(Flagged {
                real: cx.waker().clone(),
                woken: AtomicBool::new(false),
            });
            let waker = Waker::from(flagged.clone());
            let mut inner_cx = Context::from_waker(&waker);
            if let Poll::Ready(output) = this.inner.as_mut().poll(&mut inner_cx) {
                return Poll::Ready(output);
            }
            this.in_flight
                .retain_mut(|batch| batch.as_mut().poll(&mut inner_cx).is_pending());
            if flagged.woken.load(Ordering::Acquire) {
                // Something can run again (a resolver yielded, or a batch answered): the real
                // waker has been woken, so we are polled again before deciding the round is over.
                return Poll::Pending;
            }
            // Idle: every resolver waits. The keys enqueued so far are this round's batches.
            let batches = this.hub.take_batches();
            if batches.is_empty() {
                return Poll::Pending;
            }
            this.in_flight.extend(batches);
        }
    }
}
