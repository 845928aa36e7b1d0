//! `GET /api/stats`: the figures of the caller's pages per channel and local day, and their
//! totals over the range (the use case is `stats::page_figures`, which the console's charts
//! call too; what is counted is `domain::figures`).

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::domain::event::Channel;
use crate::domain::figures::Report;
use crate::stats::{self, Asked, StatsError};

/// The range when none is given: the last week, today included.
const DEFAULT_DAYS: u64 = 7;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// One of the caller's pages; all of them when absent.
    page: Option<String>,
    /// One channel; every channel when absent.
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

/// The figures, per page, channel and local day.
#[derive(Serialize, ToSchema)]
pub struct Figures {
    /// One report per page, channel and day.
    days: Vec<Report>,
    /// One report per page and channel over the whole range.
    totals: Vec<Report>,
}

/// Figures per page, channel and local day
///
/// `GET /api/stats[?page=ID][&channel=…][&from=YYYY-MM-DD][&to=YYYY-MM-DD]`: the range is at
/// most 366 days, `from` ≤ `to`, years 2000–2199.
#[utoipa::path(
    get,
    path = "/api/stats",
    tag = "staff",
    params(StatsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Reports per day and totals over the range", body = Figures),
        (status = 400, description = "The range is invalid (reversed, longer than 366 days, outside 2000–2199), or the query does not parse"),
        (status = 404, description = "`page` is not one of the caller's pages"),
    )
)]
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
    Ok(HttpResponse::Ok().json(Figures { days, totals }))
}
