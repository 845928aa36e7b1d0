//! The figures' use case, shared by `GET /api/stats` and the console's charts: a page's
//! figures over a range of its local days, per channel and day, per day over the channels
//! asked for, and in total. The range's rules are here once: `from` ≤ `to`, at most
//! `MAX_DAYS` days, years `FIRST_YEAR..=LAST_YEAR`, and "today" is the page's.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use crate::domain::event::Channel;
use crate::domain::figures::{DayFigures, Period, Report, Summary};
use crate::pages::PageDirectory;
use crate::store::{AnyStore, FigureStore, StoreError};

/// The longest range one request may cover (a year, leap day included).
pub const MAX_DAYS: u64 = 366;
/// Dates outside these years are a mistake (as for admin instants, `domain::page`).
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2199;

/// What is asked: the first and last local day (inclusive) and one channel or all. A missing
/// `to` is the page's today; a missing `from` is `default_days` before `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub channel: Option<Channel>,
    pub default_days: u64,
}

/// Why a range cannot be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("from must not be after to")]
    FromAfterTo,
    #[error("at most {MAX_DAYS} days per request")]
    TooLong,
    #[error("{field} must be a day between the years {FIRST_YEAR} and {LAST_YEAR}")]
    OutOfYears { field: &'static str },
}

#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error(transparent)]
    Range(#[from] RangeError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A checked range of local days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Range {
    /// The range `asked` means on a page whose today is `today`.
    pub fn resolve(asked: &Asked, today: NaiveDate) -> Result<Range, RangeError> {
        let sane = |field, day: NaiveDate| {
            if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
                Ok(day)
            } else {
                Err(RangeError::OutOfYears { field })
            }
        };
        let to = sane("to", asked.to.unwrap_or(today))?;
        let from = match asked.from {
            Some(from) => sane("from", from)?,
            None => to
                .checked_sub_days(Days::new(asked.default_days.saturating_sub(1)))
                .unwrap_or(to),
        };
        if from > to {
            return Err(RangeError::FromAfterTo);
        }
        if (to - from).num_days() >= MAX_DAYS as i64 {
            return Err(RangeError::TooLong);
        }
        Ok(Range { from, to })
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |day| *day <= to)
    }
}

/// One page's figures over a range.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFigures {
    pub page_id: String,
    pub range: Range,
    /// The channel asked for; `None`: all of them.
    pub channel: Option<Channel>,
    /// Per channel and day, the days that have figures, by day and then channel.
    pub days: Vec<Report>,
    /// Per channel over the range, the channels that have figures.
    pub totals: Vec<Report>,
    /// Every day of the range over the channels asked for (empty days included).
    pub daily: Vec<(NaiveDate, Summary)>,
    /// The whole range over the channels asked for.
    pub overall: Summary,
}

/// The page's today: in its time zone when it is configured (on any channel), else in UTC.
pub async fn today(
    pages: &PageDirectory,
    page_id: &str,
    now: DateTime<Utc>,
) -> Result<NaiveDate, StoreError> {
    for channel in Channel::ALL {
        if let Some(page) = pages.get(channel, page_id).await? {
            return Ok(now.with_timezone(&page.schedule.time_zone).date_naive());
        }
    }
    Ok(now.date_naive())
}

/// The figures of `page_id` that `asked` covers.
pub async fn page_figures(
    store: &AnyStore,
    pages: &PageDirectory,
    page_id: &str,
    asked: &Asked,
    now: DateTime<Utc>,
) -> Result<PageFigures, StatsError> {
    let range = Range::resolve(asked, today(pages, page_id, now).await?)?;
    let stored = store.figures(page_id, range.from, range.to).await?;
    Ok(summarize(page_id, range, asked.channel, stored))
}

/// Turns the stored figures of a range into its reports (pure; `page_figures` reads them).
pub fn summarize(
    page_id: &str,
    range: Range,
    channel: Option<Channel>,
    stored: Vec<(crate::domain::figures::DayKey, DayFigures)>,
) -> PageFigures {
    let mut per_channel: Vec<(Channel, DayFigures)> = Channel::ALL
        .into_iter()
        .map(|channel| (channel, DayFigures::default()))
        .collect();
    let mut per_day: BTreeMap<NaiveDate, DayFigures> = BTreeMap::new();
    let mut overall = DayFigures::default();
    let mut days = Vec::new();
    for (key, figures) in stored {
        if channel.is_some_and(|c| c != key.channel) || key.day < range.from || key.day > range.to {
            continue;
        }
        if let Some((_, total)) = per_channel.iter_mut().find(|(c, _)| *c == key.channel) {
            total.merge(&figures);
        }
        per_day.entry(key.day).or_default().merge(&figures);
        overall.merge(&figures);
        days.push(Report::new(
            key.page_id,
            key.channel,
            Period::Day { day: key.day },
            &figures,
        ));
    }
    days.sort_by_key(|report| {
        let day = match report.period {
            Period::Day { day } | Period::Days { from: day, .. } => day,
        };
        (day, rank(report.channel))
    });
    let totals = per_channel
        .into_iter()
        .filter(|(_, figures)| !figures.is_empty())
        .map(|(channel, figures)| {
            Report::new(
                page_id.to_owned(),
                channel,
                Period::Days {
                    from: range.from,
                    to: range.to,
                },
                &figures,
            )
        })
        .collect();
    let empty = DayFigures::default();
    let daily = range
        .days()
        .map(|day| (day, Summary::of(per_day.get(&day).unwrap_or(&empty))))
        .collect();
    PageFigures {
        page_id: page_id.to_owned(),
        range,
        channel,
        days,
        totals,
        daily,
        overall: Summary::of(&overall),
    }
}

/// A channel's place in `Channel::ALL`, the order figures are listed in.
fn rank(channel: Channel) -> usize {
    Channel::ALL
        .iter()
        .position(|c| *c == channel)
        .unwrap_or(Channel::ALL.len())
}

#[cfg(test)]
mod tests {
    use crate::domain::figures::{DayKey, Figure};

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn asked(from: Option<&str>, to: Option<&str>) -> Asked {
        Asked {
            from: from.map(day),
            to: to.map(day),
            channel: None,
            default_days: 7,
        }
    }

    #[test]
    fn a_range_defaults_to_the_last_days_and_is_checked() {
        let today = day("2026-11-24");
        assert_eq!(
            Range::resolve(&asked(None, None), today),
            Ok(Range {
                from: day("2026-11-18"),
                to: today
            })
        );
        assert_eq!(
            Range::resolve(&asked(Some("2026-11-24"), Some("2026-11-24")), today),
            Ok(Range {
                from: today,
                to: today
            })
        );
        let year = asked(Some("2024-01-01"), Some("2024-12-31"));
        assert!(Range::resolve(&year, today).is_ok(), "366 days fit");
        for (asked, error) in [
            (
                asked(Some("2026-11-25"), Some("2026-11-24")),
                RangeError::FromAfterTo,
            ),
            (
                asked(Some("2024-01-01"), Some("2025-01-01")),
                RangeError::TooLong,
            ),
            (
                asked(Some("1999-12-31"), Some("2000-01-01")),
                RangeError::OutOfYears { field: "from" },
            ),
            (
                asked(None, Some("2200-01-01")),
                RangeError::OutOfYears { field: "to" },
            ),
        ] {
            assert_eq!(Range::resolve(&asked, today), Err(error), "{asked:?}");
        }
    }

    #[test]
    fn figures_are_summed_per_channel_per_day_and_overall() {
        let range = Range {
            from: day("2026-11-23"),
            to: day("2026-11-25"),
        };
        let stored_day = |channel, on: &str, received: usize, faq: &str| {
            let mut figures = DayFigures::default();
            for _ in 0..received {
                figures.add(&Figure::Received);
            }
            figures.add(&Figure::AnsweredByFaq { entry: faq.into() });
            figures.add(&Figure::FirstResponse {
                wall_ms: 60_000 * received as i64,
                business_ms: 0,
            });
            (
                DayKey {
                    page_id: "p".into(),
                    channel,
                    day: day(on),
                },
                figures,
            )
        };
        let stored = vec![
            stored_day(Channel::Messenger, "2026-11-23", 2, "shipping"),
            stored_day(Channel::Messenger, "2026-11-25", 3, "returns"),
            stored_day(Channel::X, "2026-11-23", 4, "shipping"),
        ];

        let all = summarize("p", range, None, stored.clone());
        assert_eq!(all.days.len(), 3);
        assert_eq!(
            all.days
                .iter()
                .map(|r| (r.channel, r.summary.received))
                .collect::<Vec<_>>(),
            [
                (Channel::Messenger, 2),
                (Channel::X, 4),
                (Channel::Messenger, 3)
            ],
            "by day, then channel"
        );
        assert_eq!(all.totals.len(), 2);
        assert_eq!(all.totals[0].summary.received, 5);
        assert_eq!(all.daily.len(), 3, "every day, the empty one too");
        assert_eq!(all.daily[0].1.received, 6);
        assert_eq!(all.daily[0].1.first_response.wall.count, 2);
        assert_eq!(all.daily[1].1, Summary::default());
        assert_eq!(all.overall.received, 9);
        assert_eq!(all.overall.faq_answers.get("shipping"), Some(&2));

        let x = summarize("p", range, Some(Channel::X), stored);
        assert_eq!(x.overall.received, 4);
        assert_eq!(x.totals.len(), 1);
        assert_eq!(x.daily[2].1.received, 0);
    }
}
