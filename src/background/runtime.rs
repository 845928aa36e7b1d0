//! The runtime the background tasks run on: its own threads, at a lower scheduling priority
//! than the HTTP server's. When the machine is busy, accepting webhooks (which Meta and X time
//! out) comes first and the worker catches up afterwards from the durable queue; when it is
//! not, the background threads get all the CPU they want.

use std::io;

/// A multi-threaded runtime for the background tasks, one thread per CPU, each scheduled
/// `niceness` lower (`worker.background_niceness`; the kernel gives a thread at +10 about a
/// tenth of the CPU share of one at 0 while both are busy).
pub fn build(niceness: i32) -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name("frontdesk-background")
        .on_thread_start(move || lower_this_threads_priority(niceness))
        .enable_all()
        .build()
}

/// Lowers the calling thread's priority (`setpriority(PRIO_PROCESS, 0, …)`: Linux schedules
/// threads on their own, so this changes only the calling one). A refusal is logged and
/// ignored: the tasks still run, at the usual priority.
fn lower_this_threads_priority(niceness: i32) {
    #[cfg(target_os = "linux")]
    if niceness != 0
        && let Err(error) = rustix::process::setpriority_process(None, niceness)
    {
        tracing::warn!(%error, "could not lower the background threads' priority");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn background_threads_run_at_a_lower_priority_than_the_rest() {
        let ours = rustix::process::getpriority_process(None).expect("readable");
        let runtime = super::build(10).expect("the runtime starts");
        let theirs = runtime
            .block_on(async {
                tokio::spawn(async { rustix::process::getpriority_process(None) }).await
            })
            .expect("the task ran")
            .expect("readable");
        runtime.shutdown_background();
        assert_eq!(theirs, (ours + 10).min(19));
        assert_eq!(
            rustix::process::getpriority_process(None).expect("readable"),
            ours,
            "only the background threads are lowered"
        );
    }
}
