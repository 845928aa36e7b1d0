//! The day figures of each page and channel: `FigureStore`, and how long they are kept.

use std::future::Future;

use chrono::NaiveDate;

use super::{AnyStore, Result};
use crate::domain::figures::{DayFigures, DayKey, Recorded};

/// How long the figures of a day are kept.
pub const FIGURES_KEPT_DAYS: i64 = 400;

/// The days from `from` to `to`, inclusive.
pub(super) fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

/// The day figures: added outside an event's outcome, read per page and day.
pub trait FigureStore: Send + Sync {
    /// Adds figures outside an event's outcome (a person's first response or resolution, a
    /// reply's latency). Recorded right after the change they describe: a crash in between
    /// loses that one figure, and never counts one twice.
    fn record_figures(&self, figures: &[Recorded]) -> impl Future<Output = Result<()>> + Send;
    /// The figures of a page from `from` to `to` (local days, inclusive), per channel and
    /// day; days without any are left out.
    fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Future<Output = Result<Vec<(DayKey, DayFigures)>>> + Send;
}

/// Dispatches to the backend.
impl FigureStore for AnyStore {
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        dispatch!(self, s => s.record_figures(figures))
    }
    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        dispatch!(self, s => s.figures(page_id, from, to))
    }
}
