//! The admin socket of a service on the embedded store: a Unix-domain socket beside the data
//! file (`<data_file>.sock`), through which `frontdesk pages import|token|hours|simulate` reach
//! the store that the running `frontdesk serve` holds (redb lets one process open it).
//!
//! Whoever may use it may open the data file: the socket is the service user's alone (mode
//! 0600, and each peer's uid is checked against the socket's owner), so it needs no token and
//! grants exactly what the command line grants with the file (`tokens::Actor::Operator`).
//! Nothing listens on the network. One connection carries one command: a JSON line
//! (`admin::AdminCommand`) in, a JSON line (`Reply`) out.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::admin::{AdminCommand, Output};

/// The admin socket of the embedded store in `data_file`.
pub fn path(data_file: &Path) -> PathBuf {
    let mut path = data_file.as_os_str().to_owned();
    path.push(".sock");
    PathBuf::from(path)
}

/// What the service answers: the command's output, or its error in words.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reply {
    Done(Output),
    Failed(String),
}

/// The longest request accepted (a page file with its FAQ, as JSON) and reply read.
const MAX_MESSAGE: u64 = 16 * 1024 * 1024;

/// Runs `command` in the service listening on `socket`. `Err` (a reason that ends "…the admin
/// socket X {reason}") when the service cannot be asked; `Ok(Err)` when it ran the command and
/// the command failed.
pub async fn call(socket: &Path, command: &AdminCommand) -> Result<anyhow::Result<Output>, String> {
    unix::call(socket, command).await
}

/// Listens on `socket` until `shutdown`, running each command on `store` at `clock`'s now,
/// then removes the socket. Fails when the socket cannot be made (the service then runs
/// without it; the command line says so when it needs it).
#[cfg(unix)]
pub async fn listen(
    socket: PathBuf,
    store: crate::store::AnyStore,
    pages: crate::pages::PageDirectory,
    clock: crate::clock::Clock,
    shutdown: tokio_util::sync::CancellationToken,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    unix::listen(socket, store, pages, clock, shutdown).await
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use anyhow::Context;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::{UnixListener, UnixStream};
    use tokio_util::sync::CancellationToken;

    use super::{AdminCommand, MAX_MESSAGE, Output, Reply};
    use crate::clock::Clock;
    use crate::pages::PageDirectory;
    use crate::store::AnyStore;

    /// How long a peer may take to send its command.
    const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

    pub(super) async fn call(
        socket: &Path,
        command: &AdminCommand,
    ) -> Result<anyhow::Result<Output>, String> {
        let mut stream = UnixStream::connect(socket)
            .await
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => "does not exist".to_owned(),
                std::io::ErrorKind::PermissionDenied => {
                    "belongs to another user (permission denied)".to_owned()
                }
                std::io::ErrorKind::ConnectionRefused => {
                    "does not answer (connection refused)".to_owned()
                }
                _ => format!("cannot be reached ({error})"),
            })?;
        let mut request = serde_json::to_vec(command).map_err(|e| format!("… ({e})"))?;
        request.push(b'\n');
        let mut reply = Vec::new();
        let exchange = async {
            stream.write_all(&request).await?;
            stream.shutdown().await?;
            (&mut stream)
                .take(MAX_MESSAGE)
                .read_to_end(&mut reply)
                .await
        };
        exchange
            .await
            .map_err(|error| format!("closed the connection ({error})"))?;
        match serde_json::from_slice::<Reply>(&reply) {
            Ok(Reply::Done(output)) => Ok(Ok(output)),
            Ok(Reply::Failed(error)) => Ok(Err(anyhow::anyhow!(error))),
            Err(_) if reply.is_empty() => {
                Err("closed the connection without an answer (see the service's log)".to_owned())
            }
            Err(error) => Err(format!("answered something else ({error})")),
        }
    }

    pub(super) async fn listen(
        socket: PathBuf,
        store: AnyStore,
        pages: PageDirectory,
        clock: Clock,
        shutdown: CancellationToken,
    ) -> anyhow::Result<tokio::task::JoinHandle<()>> {
        // The caller holds the store, so no other service uses this socket: a file left
        // there is a crashed process's.
        match std::fs::remove_file(&socket) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).with_context(|| format!("removing {}", socket.display()));
            }
            _ => {}
        }
        let listener =
            UnixListener::bind(&socket).with_context(|| format!("binding {}", socket.display()))?;
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", socket.display()))?;
        let owner = std::fs::metadata(&socket)
            .with_context(|| format!("reading {}", socket.display()))?
            .uid();
        tracing::info!(socket = %socket.display(), "admin socket listening");
        Ok(tokio::spawn(async move {
            loop {
                let stream = tokio::select! {
                    () = shutdown.cancelled() => break,
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => stream,
                        Err(error) => {
                            tracing::warn!(%error, "admin socket: accepting a connection failed");
                            continue;
                        }
                    },
                };
                let (store, pages, clock) = (store.clone(), pages.clone(), clock.clone());
                tokio::spawn(async move {
                    if let Err(error) = answer(stream, owner, &store, &pages, &clock).await {
                        tracing::warn!(error = %format!("{error:#}"), "admin socket: a command was not answered");
                    }
                });
            }
            let _ = std::fs::remove_file(&socket);
        }))
    }

    /// Reads one command from `stream`, runs it and writes the reply.
    async fn answer(
        mut stream: UnixStream,
        owner: u32,
        store: &AnyStore,
        pages: &PageDirectory,
        clock: &Clock,
    ) -> anyhow::Result<()> {
        let peer = stream.peer_cred().context("reading the peer's user")?.uid();
        // Mode 0600 already keeps other users out; this also covers a connection made in the
        // moment between binding and restricting the file.
        anyhow::ensure!(
            peer == owner || peer == 0,
            "refused a peer of user {peer} (the socket is user {owner}'s)"
        );
        let mut line = String::new();
        let (read, mut write) = stream.split();
        tokio::time::timeout(
            REQUEST_TIMEOUT,
            BufReader::new(read.take(MAX_MESSAGE)).read_line(&mut line),
        )
        .await
        .context("the command did not arrive in time")?
        .context("reading the command")?;
        let reply = match serde_json::from_str::<AdminCommand>(&line) {
            Ok(command) => {
                let name = command.name();
                match super::super::admin::execute(store, pages, command, clock.now()).await {
                    Ok(output) => {
                        tracing::info!(command = name, "admin command run through the socket");
                        Reply::Done(output)
                    }
                    Err(error) => Reply::Failed(format!("{error:#}")),
                }
            }
            Err(error) => Reply::Failed(format!(
                "the service did not understand the command ({error}); are both the same version of frontdesk?"
            )),
        };
        let mut reply = serde_json::to_vec(&reply)?;
        reply.push(b'\n');
        write.write_all(&reply).await?;
        write.shutdown().await?;
        Ok(())
    }
}

#[cfg(not(unix))]
mod unix {
    use std::path::Path;

    use super::{AdminCommand, Output};

    pub(super) async fn call(
        _socket: &Path,
        _command: &AdminCommand,
    ) -> Result<anyhow::Result<Output>, String> {
        Err("is not available on this system (Unix only)".to_owned())
    }
}
