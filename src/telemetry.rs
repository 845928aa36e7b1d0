//! Structured logs through `tracing`, on stderr only: stdout belongs to the commands' output
//! (`TOKEN=$(frontdesk token create …)` captures the token and nothing else). `json` writes
//! one JSON object per line, with fields as JSON values (numbers, booleans, strings; the
//! code logs lists and dates as their text, never as Rust `Debug`), the spans' fields
//! (`request_id`) included. Secrets never reach the logs: secret settings and tokens are
//! `SecretString`s, whose `Debug` is redacted, and no request URL or body is logged.

use tracing_subscriber::EnvFilter;

use crate::settings::LogFormat;

/// Installs the global subscriber; `RUST_LOG` overrides the default `info` level.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _already_set = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Displays an error with its causes, `outer: inner: root`, for one-line logs.
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}
