//! `frontdesk serve`: the service until SIGTERM or Ctrl-C, after importing a folder of pages;
//! on the embedded store, with its admin socket (`cli/socket.rs`) for the other commands.

use std::path::Path;

use anyhow::Context;

use crate::clock::Clock;
use crate::settings::Settings;
use crate::startup::Application;

pub async fn run(settings: Settings, pages: Option<&Path>) -> anyhow::Result<()> {
    let socket = (!settings.uses_redis()).then(|| super::socket::path(&settings.data_file));
    let app = Application::build(settings, Clock::System).await?;
    if let Some(folder) = pages {
        let summary = super::pages::import_folder(app.pages(), folder)
            .await
            .with_context(|| format!("importing the pages in {}", folder.display()))?;
        // A log line on stderr, like everything `serve` says: its stdout stays empty.
        tracing::info!(
            saved = summary.saved,
            unchanged = summary.unchanged,
            folder = %folder.display(),
            "pages imported"
        );
    }
    tracing::info!(port = app.port(), "frontdesk listening");
    let shutdown = app.shutdown_token();
    let mut admin = None;
    #[cfg(unix)]
    if let Some(socket) = socket {
        let listening = super::socket::listen(
            socket,
            app.store().clone(),
            app.pages().clone(),
            Clock::System,
            shutdown.clone(),
        )
        .await;
        match listening {
            Ok(task) => admin = Some(task),
            Err(error) => tracing::warn!(
                error = %format!("{error:#}"),
                "no admin socket: `frontdesk pages import|token|hours|simulate` cannot reach this service's store while it runs"
            ),
        }
    }
    tokio::spawn(async move {
        let signal = stop_signal().await;
        tracing::info!(signal, "shutting down: finishing the work under way");
        shutdown.cancel();
    });
    let stopped = app.run_until_stopped().await;
    shutdown_admin(admin).await;
    stopped
}

/// Waits for the admin socket to close (it removes its file).
async fn shutdown_admin(admin: Option<tokio::task::JoinHandle<()>>) {
    if let Some(task) = admin {
        let _ = task.await;
    }
}

/// Waits for SIGTERM (what orchestrators send on a deploy) or Ctrl-C; names the one that came.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            },
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops gracefully");
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}
