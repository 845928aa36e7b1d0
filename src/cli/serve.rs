//! `frontdesk serve`: the service until SIGTERM or Ctrl-C, after importing a folder of pages.

use std::path::Path;

use anyhow::Context;

use crate::clock::Clock;
use crate::settings::Settings;
use crate::startup::Application;

pub async fn run(settings: Settings, pages: Option<&Path>) -> anyhow::Result<()> {
    let app = Application::build(settings, Clock::System).await?;
    if let Some(folder) = pages {
        let summary = super::pages::import_folder(app.pages(), folder)
            .await
            .with_context(|| format!("importing the pages in {}", folder.display()))?;
        tracing::info!(
            saved = summary.saved,
            unchanged = summary.unchanged,
            "pages imported"
        );
        println!("{summary} from {}", folder.display());
    }
    tracing::info!(port = app.port(), "frontdesk listening");
    let shutdown = app.shutdown_token();
    tokio::spawn(async move {
        let signal = stop_signal().await;
        tracing::info!(signal, "shutting down: finishing the work under way");
        shutdown.cancel();
    });
    app.run_until_stopped().await
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
