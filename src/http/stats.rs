//! `GET /api/stats`: the figures of the caller's pages per channel and local day, and their
//! totals over the range (see `domain::figures`).

use actix_web::{HttpResponse, web};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::domain::event::Channel;
use crate::domain::figures::{DayFigures, Period, Report};
use crate::store::Store;

/// The longest range one request may cover.
const MAX_DAYS: u64 = 92;
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

/// `GET /api/stats[?page=ID][&channel=…][&from=YYYY-MM-DD][&to=YYYY-MM-DD]`.
pub async fn stats(
    staff: Caller,
    query: web::Query<StatsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let mut days = Vec::new();
    let mut totals = Vec::new();
    for page_id in staff.pages_for(query.page.as_deref(), &state.pages).await? {
        let mut time_zone = None;
        for channel in Channel::ALL {
            if let Some(page) = state.pages.get(channel, &page_id).await? {
                time_zone = Some(page.schedule.time_zone);
                break;
            }
        }
        let today = time_zone.map_or(now.date_naive(), |tz| now.with_timezone(&tz).date_naive());
        let to = query.to.unwrap_or(today);
        let from = match query.from {
            Some(from) => from,
            None => to
                .checked_sub_days(Days::new(DEFAULT_DAYS - 1))
                .unwrap_or(to),
        };
        if from > to {
            return Err(ApiError::BadRequest("from must not be after to".into()));
        }
        if (to - from).num_days() >= MAX_DAYS as i64 {
            return Err(ApiError::BadRequest(format!(
                "at most {MAX_DAYS} days per request"
            )));
        }
        let mut by_channel: Vec<(Channel, DayFigures)> = Vec::new();
        for (key, figures) in state.store.figures(&page_id, from, to).await? {
            if query.channel.is_some_and(|c| c != key.channel) {
                continue;
            }
            match by_channel.iter_mut().find(|(c, _)| *c == key.channel) {
                Some((_, total)) => total.merge(&figures),
                None => by_channel.push((key.channel, figures.clone())),
            }
            days.push(Report::new(
                key.page_id,
                key.channel,
                Period::Day { day: key.day },
                &figures,
            ));
        }
        totals.extend(by_channel.into_iter().map(|(channel, figures)| {
            Report::new(
                page_id.clone(),
                channel,
                Period::Days { from, to },
                &figures,
            )
        }));
    }
    Ok(HttpResponse::Ok().json(serde_json::json!({ "days": days, "totals": totals })))
}
