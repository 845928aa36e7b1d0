//! Group commit for the embedded store: the writes that arrive while one transaction is being
//! made durable share the next transaction and its one `fsync`, instead of each paying for its
//! own. A caller is answered only after the transaction holding its write is committed, so
//! "durable before 200" holds exactly as with one transaction per write.
//!
//! One thread owns writing. It takes the first waiting write, gathers the others waiting at
//! that moment (up to `MAX_GROUP`), runs them one after the other in one write transaction and
//! commits. A write that fails must leave nothing behind, but its changes so far are already in
//! the shared transaction: the whole group is then aborted and every write in it runs again in
//! a transaction of its own, so one bad write fails alone and the others still land. Writes
//! are therefore closures that may run twice (`FnMut`): they take their inputs by reference or
//! clone them.
//!
//! Alone (no load), a write commits at once: grouping never waits for company.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, Weak};

use redb::{Database, WriteTransaction};
use tokio::sync::oneshot;

use super::{Result, StoreError};

/// The most writes one transaction holds: a bound on the work redone when one of them fails,
/// and on how long the first of them waits for the commit.
const MAX_GROUP: usize = 256;

/// What the writer thread does with one write: run it in a transaction, and afterwards answer
/// its caller with what it returned (only once the transaction committed) or with the error.
struct Job {
    run: Write,
    fail: Box<dyn FnOnce(StoreError) + Send>,
}

/// A write, as the writer thread runs it: it may run twice (in a group, then alone).
type Write = Box<dyn FnMut(&WriteTransaction) -> Result<Answer> + Send>;

/// Tells a caller how its write went; called after the commit (or the failure), once the writer
/// let go of the database.
type Answer = Box<dyn FnOnce() + Send>;

/// The sending side of the writer thread. Cheap to clone; the thread ends when the last clone
/// is dropped (after finishing what it holds). The thread holds the database weakly, and
/// strongly only while it writes a group (letting go before it answers): the file closes when
/// its store is dropped, so it can be opened again at once.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the writer thread for `db`.
    pub fn start(db: &Arc<Database>) -> std::io::Result<Self> {
        let (jobs, waiting) = mpsc::channel();
        let db = Arc::downgrade(db);
        std::thread::Builder::new()
            .name("redb-writer".into())
            .spawn(move || write_loop(&db, &waiting))?;
        Ok(Self { jobs })
    }

    /// Runs `write` in a write transaction shared with the writes waiting beside it, and
    /// returns what it returned once that transaction is durable. Errors of the write, of
    /// the transaction or of its commit come back as they are.
    pub async fn write<T: Send + 'static>(
        &self,
        mut write: impl FnMut(&WriteTransaction) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (sender, receiver) = oneshot::channel::<Result<T>>();
        // Both the answer (after a commit) and the failure may be the one to answer.
        let sender = Arc::new(Mutex::new(Some(sender)));
        let answer_to = Arc::clone(&sender);
        let job = Job {
            run: Box::new(move |txn| {
                let value = write(txn)?;
                let answer_to = Arc::clone(&answer_to);
                Ok(Box::new(move || answer(&answer_to, Ok(value))) as Answer)
            }),
            fail: Box::new(move |error| answer(&sender, Err(error))),
        };
        self.jobs.send(job).map_err(|_| StoreError::WriterStopped)?;
        // Dropped unanswered: the write panicked (its group's other writes are answered the
        // same way, and the writer goes on with the next group).
        receiver.await.map_err(|_| StoreError::WriterStopped)?
    }
}

fn answer<T>(to: &Mutex<Option<oneshot::Sender<Result<T>>>>, result: Result<T>) {
    let sender = to.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(sender) = sender {
        // The caller may have gone (its request was cancelled); the write stands.
        let _ = sender.send(result);
    }
}

fn write_loop(db: &Weak<Database>, waiting: &mpsc::Receiver<Job>) {
    while let Ok(first) = waiting.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match waiting.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        // The store is gone: its last writes are answered `WriterStopped` (dropped).
        let Some(database) = db.upgrade() else {
            continue;
        };
        // A write that panics takes its group with it (their callers hear `WriterStopped`),
        // not the writer: the next group is written as usual.
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if group.len() == 1 {
                group.into_iter().map(|job| alone(&database, job)).collect()
            } else {
                together(&database, group)
            }
        }));
        // Let go of the database before anyone hears back: a caller that drops its store once
        // answered must find the file closed, so it can open it again at once.
        drop(database);
        match written {
            Ok(answers) => answers.into_iter().for_each(|answer| answer()),
            Err(_) => {
                tracing::error!("a write to the embedded store panicked; its group was not written")
            }
        }
    }
}

/// Runs a group in one transaction; when any part of it fails, each write again on its own.
/// Returns how to answer each caller, for after the database is let go of.
fn together(db: &Database, mut group: Vec<Job>) -> Vec<Answer> {
    let mut attempt = || -> Result<Vec<Answer>> {
        let txn = db.begin_write()?;
        let answers = group
            .iter_mut()
            .map(|job| (job.run)(&txn))
            .collect::<Result<Vec<_>>>()?;
        txn.commit()?;
        Ok(answers)
    };
    match attempt() {
        Ok(answers) => answers,
        Err(error) => {
            tracing::debug!(%error, writes = group.len(), "a grouped write failed, each runs alone");
            group.into_iter().map(|job| alone(db, job)).collect()
        }
    }
}

/// Runs one write in a transaction of its own; returns how to answer its caller.
fn alone(db: &Database, mut job: Job) -> Answer {
    let result = db.begin_write().map_err(StoreError::from).and_then(|txn| {
        let answer = (job.run)(&txn)?;
        txn.commit()?;
        Ok(answer)
    });
    match result {
        Ok(answer) => answer,
        Err(error) => {
            let fail = job.fail;
            Box::new(move || fail(error))
        }
    }
}

#[cfg(test)]
mod tests {
    use redb::{ReadableDatabase, ReadableTable, TableDefinition};

    use super::*;

    const NUMBERS: TableDefinition<u64, u64> = TableDefinition::new("numbers");

    fn database() -> (tempfile::TempDir, Arc<Database>) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = Database::create(dir.path().join("group.redb")).expect("database");
        (dir, Arc::new(db))
    }

    fn stored(db: &Database) -> Vec<(u64, u64)> {
        let txn = db.begin_read().expect("read");
        let Ok(table) = txn.open_table(NUMBERS) else {
            return Vec::new();
        };
        table
            .iter()
            .expect("iterate")
            .map(|row| {
                let (k, v) = row.expect("row");
                (k.value(), v.value())
            })
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_writes_all_land_and_each_gets_its_own_answer() {
        let (_dir, db) = database();
        let writer = GroupCommit::start(&db).expect("writer");
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..500u64 {
            let writer = writer.clone();
            tasks.spawn(async move {
                let answer = writer
                    .write(move |txn| {
                        txn.open_table(NUMBERS)?.insert(n, n * 2)?;
                        Ok(n + 1)
                    })
                    .await;
                (n, answer)
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let (n, answer) = joined.expect("task");
            assert_eq!(answer.expect("written"), n + 1);
        }
        let rows = stored(&db);
        assert_eq!(rows.len(), 500);
        assert!(rows.iter().all(|(k, v)| *v == k * 2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_failing_write_fails_alone_and_leaves_nothing_behind() {
        let (_dir, db) = database();
        let writer = GroupCommit::start(&db).expect("writer");
        // The writer is held busy while the others queue up, so they are written as groups
        // (and the failures happen inside groups).
        let (release, held) = std::sync::mpsc::channel::<()>();
        // Waits once: a write may run twice (when its group fails).
        let held = Arc::new(Mutex::new(Some(held)));
        let busy = {
            let writer = writer.clone();
            tokio::spawn(async move {
                writer
                    .write(move |_txn| {
                        if let Some(held) = held.lock().ok().and_then(|mut h| h.take()) {
                            let _ = held.recv();
                        }
                        Ok(())
                    })
                    .await
            })
        };
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..200u64 {
            let writer = writer.clone();
            tasks.spawn(async move {
                let answer = writer
                    .write(move |txn| {
                        // Writes first, then fails: the write must be undone.
                        txn.open_table(NUMBERS)?.insert(n, 1)?;
                        if n % 7 == 3 {
                            return Err(StoreError::Embedded(redb::Error::InvalidSavepoint));
                        }
                        Ok(())
                    })
                    .await;
                (n, answer)
            });
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        release.send(()).expect("release the writer");
        busy.await.expect("task").expect("the busy write");
        while let Some(joined) = tasks.join_next().await {
            let (n, answer) = joined.expect("task");
            match answer {
                Ok(()) => assert_ne!(n % 7, 3, "{n} should have failed"),
                Err(StoreError::Embedded(redb::Error::InvalidSavepoint)) => {
                    assert_eq!(n % 7, 3, "{n} should have been written")
                }
                Err(other) => panic!("{n}: unexpected {other}"),
            }
        }
        let kept: Vec<u64> = stored(&db).into_iter().map(|(k, _)| k).collect();
        let expected: Vec<u64> = (0..200).filter(|n| n % 7 != 3).collect();
        assert_eq!(kept, expected);
    }

    #[tokio::test]
    async fn a_write_that_panics_is_answered_and_the_writer_goes_on() {
        let (_dir, db) = database();
        let writer = GroupCommit::start(&db).expect("writer");
        let panicked = writer
            .write(|_txn| -> Result<()> { panic!("a bug in one write") })
            .await;
        assert!(
            matches!(panicked, Err(StoreError::WriterStopped)),
            "{panicked:?}"
        );
        writer
            .write(|txn| Ok(txn.open_table(NUMBERS)?.insert(2, 20).map(|_| ())?))
            .await
            .expect("written after the panic");
        assert_eq!(stored(&db), vec![(2, 20)]);
    }

    /// Reopening right after the last write was answered (a restart, a test's reopen) must
    /// find the file closed: the writer thread lets go of the database before it answers.
    /// The write here is slow to clean up after itself (a capture whose drop takes a while),
    /// which is when the writer used to still hold the database after answering.
    #[tokio::test]
    async fn the_database_is_released_before_a_write_is_answered() {
        struct SlowToDrop;
        impl Drop for SlowToDrop {
            fn drop(&mut self) {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("reopened.redb");
        for n in 0..3u64 {
            let db = Arc::new(Database::create(&path).expect("the file is closed again"));
            let writer = GroupCommit::start(&db).expect("writer");
            let slow = SlowToDrop;
            writer
                .write(move |txn| {
                    let _ = &slow;
                    Ok(txn.open_table(NUMBERS)?.insert(n, n).map(|_| ())?)
                })
                .await
                .expect("written");
            assert_eq!(
                Arc::strong_count(&db),
                1,
                "write {n}: the writer still holds it"
            );
        }
    }

    #[tokio::test]
    async fn a_read_after_an_answered_write_sees_it() {
        let (_dir, db) = database();
        let writer = GroupCommit::start(&db).expect("writer");
        writer
            .write(|txn| Ok(txn.open_table(NUMBERS)?.insert(1, 10).map(|_| ())?))
            .await
            .expect("written");
        assert_eq!(stored(&db), vec![(1, 10)]);
    }
}
