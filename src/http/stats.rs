//! `GET /api/stats`: the figures of the caller's pages per channel and local day, and their
//! totals over the range (the use case is `stats::page_figures`, which the console's charts
//! call too; what is counted is `domain::figures`).

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::domain::event::Channel;
use crate::stats::{self, Asked, StatsError};

/// The range when none is given: the last week, today included.
const DEFAULT_DAYS: u64 = 7;

#[derive(Deserialize)]
pub struct StatsQuery {
    page: Option<String>,
    channel: Option<Channel>,
    /// First local day (inclusive); default: a week before `to`.
    from: Option<NaiveDate>,
    /// Last local day (inclusive); default: today in the page's time zone.
    to: Option<NaiveDate>,
}

impl From<StatsError> for ApiError {
    fn from(error: StatsError) -> Self {
        match error {
            StatsError::Range(error) => ApiError::BadRequest(error.to_string()),
            StatsError::Store(error) => ApiError::Store(error),
        }
    }
}

/// `GET /api/stats[?page=ID][&channel=…][&from=YYYY-MM-DD][&to=YYYY-MM-DD]`.
pub async fn stats(
    staff: Caller,
    query: web::Query<StatsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let asked = Asked {
        from: query.from,
        to: query.to,
        channel: query.channel,
        default_days: DEFAULT_DAYS,
    };
    let mut days = Vec::new();
    let mut totals = Vec::new();
    for page_id in staff.pages_for(query.page.as_deref(), &state.pages).await? {
        let figures =
            stats::page_figures(&state.store, &state.pages, &page_id, &asked, now).await?;
        days.extend(figures.days);
        totals.extend(figures.totals);
    }
    Ok(HttpResponse::Ok().json(serde_json::json!({ "days": days, "totals": totals })))
}
