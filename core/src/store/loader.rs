//! Loading documents on worker threads while the caller's thread keeps working.
//!
//! Loading is Automerge rebuilding the document (about half a microsecond an operation, 13 ms
//! for a bucket of 20k contacts, measured) and buckets rebuild independently, so several load
//! at once. The caller reads the stored bytes (its connection stays on its thread) and hands
//! them over; loaded documents come back in the order they finish, so a merge applies one
//! while the next ones load instead of waiting for a whole group.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use automerge::ActorId;

use super::documents::{self, Stored, StoredDoc};
use crate::doc::DocId;
use crate::error::Result;

/// At most this many documents load at once: a phone's big cores, not its every core.
pub(super) const LOAD_THREADS: usize = 4;

type Job = (usize, DocId, Stored);
/// A load's outcome, or the panic of the worker that ran it, passed on to the caller.
type Finished = (usize, DocId, std::thread::Result<Result<StoredDoc>>);

pub struct Loader {
    jobs: Option<Sender<Job>>,
    stopped: Arc<AtomicBool>,
    done: Receiver<Finished>,
    workers: Vec<JoinHandle<()>>,
    /// Handed over and not yet taken back.
    in_flight: usize,
}

impl Loader {
    /// Workers for up to `documents` loads, writing as `actor`.
    pub fn new(actor: &ActorId, documents: usize) -> Self {
        let threads =
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(LOAD_THREADS).min(documents);
        let (jobs, queue) = channel::<Job>();
        let (finished, done) = channel();
        let queue = Arc::new(Mutex::new(queue));
        let stopped = Arc::new(AtomicBool::new(false));
        let workers = (0..threads)
            .map(|_| {
                let (queue, finished, actor, stopped) =
                    (Arc::clone(&queue), finished.clone(), actor.clone(), Arc::clone(&stopped));
                std::thread::spawn(move || {
                    loop {
                        // The lock is held only to take the next job, never while loading.
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => break,
                        };
                        let Ok((i, id, parts)) = job else { break };
                        // Jobs left when the caller stopped early are not wanted any more.
                        if stopped.load(Ordering::Relaxed) {
                            continue;
                        }
                        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            documents::assemble(id, parts, &actor)
                        }));
                        if finished.send((i, id, loaded)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        Self { jobs: Some(jobs), stopped, done, workers, in_flight: 0 }
    }

    /// Whether another document should be handed over now: enough are in flight to keep every
    /// worker busy while the caller works on one, and no more (each holds its bytes).
    pub fn wants_more(&self) -> bool {
        self.in_flight < 2 * self.workers.len()
    }

    /// Hands over a document's stored parts; `i` comes back with it.
    pub fn submit(&mut self, i: usize, id: DocId, parts: Stored) {
        let jobs = self.jobs.as_ref().expect("jobs close only when the loader drops");
        // Workers stop only when the jobs close or the loader's receiver drops, both in `drop`.
        if jobs.send((i, id, parts)).is_ok() {
            self.in_flight += 1;
        }
    }

    /// The next document to finish loading, or `None` when none is in flight.
    pub fn next(&mut self) -> Option<(usize, DocId, Result<StoredDoc>)> {
        if self.in_flight == 0 {
            return None;
        }
        let (i, id, loaded) = self.done.recv().ok()?;
        self.in_flight -= 1;
        // A panic while loading is the caller's, as if it had loaded the document itself;
        // swallowed, it would leave the caller waiting for a document that never comes.
        Some((i, id, loaded.unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        // Documents not started are not wanted any more (the caller may have stopped early).
        self.stopped.store(true, Ordering::Relaxed);
        drop(self.jobs.take());
        for worker in self.workers.drain(..) {
            // A worker that panicked has nothing left to give back.
            drop(worker.join());
        }
    }
}

/// Several documents as stored, in the order asked, each `Ok` or its own error.
pub fn load_many(
    conn: &rusqlite::Connection,
    ids: &[DocId],
    actor: &ActorId,
) -> Result<Vec<Result<StoredDoc>>> {
    let mut loader = Loader::new(actor, ids.len());
    for (i, id) in ids.iter().enumerate() {
        loader.submit(i, *id, documents::stored(conn, *id)?);
    }
    let mut done: Vec<_> = std::iter::from_fn(|| loader.next()).collect();
    done.sort_by_key(|(i, _, _)| *i);
    Ok(done.into_iter().map(|(_, _, doc)| doc).collect())
}
