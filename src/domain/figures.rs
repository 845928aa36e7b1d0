//! The figures a team steers by, per page, channel and local day: what came in, what the bot
//! answered, what went to a person, how fast people answered and resolved (in wall time and
//! in the page's working time) and how fast the bot replied.
//!
//! Everything that happens is turned into `Recorded` figures here; the store keeps them as
//! counters and samples (`DayFigures`), and `DayReport` turns one day's back into medians and
//! percentiles. The bot's own messages never count as a first response.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::conversation::Conversation;
use super::event::Channel;
use super::policy::{AutoReplyKind, Decision};
use super::schedule::Schedule;

/// The most samples of one series kept per day; beyond it, the oldest are dropped.
pub const MAX_SAMPLES_PER_DAY: usize = 20_000;

/// Whose day a figure belongs to: a page's channel, on a day of the page's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DayKey {
    pub page_id: String,
    pub channel: Channel,
    pub day: NaiveDate,
}

impl DayKey {
    /// The key for something that happened at `at` on a page with this schedule.
    pub fn at(page_id: &str, channel: Channel, schedule: &Schedule, at: DateTime<Utc>) -> Self {
        DayKey {
            page_id: page_id.to_owned(),
            channel,
            day: at.with_timezone(&schedule.time_zone).date_naive(),
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// A customer message came in.
    Received,
    /// The bot answered it from the FAQ entry.
    AnsweredByFaq { entry: String },
    /// The bot acknowledged it (in or after office hours).
    Acknowledged,
    /// It went to a person.
    Escalated,
    /// A person first answered a conversation that waited for one.
    FirstResponse { wall_ms: i64, business_ms: i64 },
    /// A person resolved a conversation.
    Resolution { wall_ms: i64, business_ms: i64 },
    /// An automatic reply went out this long after the customer's message (platform time).
    AutoReplyLatency { ms: i64 },
}

/// The storage form of a figure: counters to increase and samples to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tally {
    Count(String),
    Sample(&'static str, i64),
}

pub const FIRST_RESPONSE_WALL: &str = "first_response_wall_ms";
pub const FIRST_RESPONSE_BUSINESS: &str = "first_response_business_ms";
pub const RESOLUTION_WALL: &str = "resolution_wall_ms";
pub const RESOLUTION_BUSINESS: &str = "resolution_business_ms";
pub const AUTO_REPLY_LATENCY: &str = "auto_reply_latency_ms";
/// Every sample series, as the store names them.
pub const SERIES: [&str; 5] = [
    FIRST_RESPONSE_WALL,
    FIRST_RESPONSE_BUSINESS,
    RESOLUTION_WALL,
    RESOLUTION_BUSINESS,
    AUTO_REPLY_LATENCY,
];
const FAQ_ENTRY_PREFIX: &str = "faq:";

impl Figure {
    pub fn tallies(&self) -> Vec<Tally> {
        match self {
            Figure::Received => vec![Tally::Count("received".into())],
            Figure::AnsweredByFaq { entry } => vec![
                Tally::Count("answered_faq".into()),
                Tally::Count(format!("{FAQ_ENTRY_PREFIX}{entry}")),
            ],
            Figure::Acknowledged => vec![Tally::Count("acknowledged".into())],
            Figure::Escalated => vec![Tally::Count("escalated".into())],
            Figure::FirstResponse {
                wall_ms,
                business_ms,
            } => vec![
                Tally::Sample(FIRST_RESPONSE_WALL, *wall_ms),
                Tally::Sample(FIRST_RESPONSE_BUSINESS, *business_ms),
            ],
            Figure::Resolution {
                wall_ms,
                business_ms,
            } => vec![
                Tally::Sample(RESOLUTION_WALL, *wall_ms),
                Tally::Sample(RESOLUTION_BUSINESS, *business_ms),
            ],
            Figure::AutoReplyLatency { ms } => vec![Tally::Sample(AUTO_REPLY_LATENCY, *ms)],
        }
    }
}

/// A figure with the day it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub key: DayKey,
    pub figure: Figure,
}

/// What the store keeps for one day: counters by name and samples by series.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    #[serde(default)]
    pub counters: BTreeMap<String, u64>,
    #[serde(default)]
    pub samples: BTreeMap<String, Vec<i64>>,
}

impl DayFigures {
    /// Adds the tallies of one figure in memory (tests build days with it). The stores add
    /// them where they keep them: Redis with `HINCRBY` and `RPUSH`/`LTRIM`, the embedded store
    /// counters in the day's record and samples as rows of their own.
    pub fn add(&mut self, figure: &Figure) {
        for tally in figure.tallies() {
            match tally {
                Tally::Count(name) => *self.counters.entry(name).or_default() += 1,
                Tally::Sample(series, value) => {
                    let samples = self.samples.entry(series.to_owned()).or_default();
                    samples.push(value);
                    let excess = samples.len().saturating_sub(MAX_SAMPLES_PER_DAY);
                    samples.drain(..excess);
                }
            }
        }
    }

    /// Adds another day's figures (totals over a range).
    pub fn merge(&mut self, other: &DayFigures) {
        for (name, n) in &other.counters {
            *self.counters.entry(name.clone()).or_default() += n;
        }
        for (series, samples) in &other.samples {
            self.samples
                .entry(series.clone())
                .or_default()
                .extend_from_slice(samples);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counters.is_empty() && self.samples.values().all(Vec::is_empty)
    }
}

/// The figures an event's decision makes.
pub fn for_decision(decision: &Decision) -> Vec<Figure> {
    let mut figures = vec![Figure::Received];
    match decision.reply.as_ref().map(|r| &r.kind) {
        Some(AutoReplyKind::FaqAnswer { entry }) => figures.push(Figure::AnsweredByFaq {
            entry: entry.clone(),
        }),
        Some(AutoReplyKind::Acknowledgement | AutoReplyKind::AfterHours) => {
            figures.push(Figure::Acknowledged)
        }
        None => {}
    }
    if decision.escalate {
        figures.push(Figure::Escalated);
    }
    figures
}

/// The first-response figure when a person answers at `now`: only the first person's answer
/// of an episode counts (the bot's messages never do).
pub fn first_response(
    conversation: &Conversation,
    schedule: &Schedule,
    now: DateTime<Utc>,
) -> Option<Figure> {
    let since = conversation.awaiting_first_response_since()?;
    let (wall_ms, business_ms) = spans(schedule, since, now);
    Some(Figure::FirstResponse {
        wall_ms,
        business_ms,
    })
}

/// The resolution figure when a person resolves the conversation at `now`.
pub fn resolution(
    conversation: &Conversation,
    schedule: &Schedule,
    now: DateTime<Utc>,
) -> Option<Figure> {
    let since = conversation.waiting_since()?;
    let (wall_ms, business_ms) = spans(schedule, since, now);
    Some(Figure::Resolution {
        wall_ms,
        business_ms,
    })
}

fn spans(schedule: &Schedule, from: DateTime<Utc>, to: DateTime<Utc>) -> (i64, i64) {
    let wall = (to - from).num_milliseconds().max(0);
    let business = schedule.working_time_between(from, to).num_milliseconds();
    (wall, business)
}

/// Median and 90th percentile of a series, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Spread {
    pub count: usize,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
}

impl Spread {
    fn of(samples: &[i64]) -> Self {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let seconds = |q| percentile(&sorted, q).map(|ms| ms as f64 / 1000.0);
        Spread {
            count: sorted.len(),
            median_seconds: seconds(0.5),
            p90_seconds: seconds(0.9),
        }
    }
}

/// The nearest-rank percentile `q` (0 < q ≤ 1) of sorted samples.
pub fn percentile(sorted: &[i64], q: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// Wall time and working time of the same series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Durations {
    pub wall: Spread,
    pub business_hours: Spread,
}

/// The days a report covers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Period {
    Day { day: NaiveDate },
    Days { from: NaiveDate, to: NaiveDate },
}

/// The numbers of some figures (a day, a range, one channel or several), as people read them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub received: u64,
    pub answered_by_faq: u64,
    pub acknowledged: u64,
    pub escalated: u64,
    pub first_response: Durations,
    pub resolution: Durations,
    /// From the platform's timestamp of the customer's message to our send.
    pub auto_reply_latency_p95_ms: Option<i64>,
    /// FAQ answers by entry id.
    pub faq_answers: BTreeMap<String, u64>,
}

impl Summary {
    pub fn of(figures: &DayFigures) -> Self {
        let count = |name: &str| figures.counters.get(name).copied().unwrap_or_default();
        let samples = |series: &str| figures.samples.get(series).map_or(&[][..], Vec::as_slice);
        let mut latency = samples(AUTO_REPLY_LATENCY).to_vec();
        latency.sort_unstable();
        Summary {
            received: count("received"),
            answered_by_faq: count("answered_faq"),
            acknowledged: count("acknowledged"),
            escalated: count("escalated"),
            first_response: Durations {
                wall: Spread::of(samples(FIRST_RESPONSE_WALL)),
                business_hours: Spread::of(samples(FIRST_RESPONSE_BUSINESS)),
            },
            resolution: Durations {
                wall: Spread::of(samples(RESOLUTION_WALL)),
                business_hours: Spread::of(samples(RESOLUTION_BUSINESS)),
            },
            auto_reply_latency_p95_ms: percentile(&latency, 0.95),
            faq_answers: figures
                .counters
                .iter()
                .filter_map(|(name, n)| Some((name.strip_prefix(FAQ_ENTRY_PREFIX)?.to_owned(), *n)))
                .collect(),
        }
    }
}

/// The figures of one page and channel over a day or several, as the API shows them.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub page: String,
    pub channel: Channel,
    #[serde(flatten)]
    pub period: Period,
    #[serde(flatten)]
    pub summary: Summary,
}

impl Report {
    pub fn new(page: String, channel: Channel, period: Period, figures: &DayFigures) -> Self {
        Report {
            page,
            channel,
            period,
            summary: Summary::of(figures),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let sorted: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&sorted, 0.5), Some(5));
        assert_eq!(percentile(&sorted, 0.9), Some(9));
        assert_eq!(percentile(&sorted, 0.95), Some(10));
        assert_eq!(percentile(&[7], 0.5), Some(7));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn a_report_reads_counters_samples_and_faq_entries() {
        let mut day = DayFigures::default();
        for figure in [
            Figure::Received,
            Figure::Received,
            Figure::AnsweredByFaq {
                entry: "shipping".into(),
            },
            Figure::Acknowledged,
            Figure::Escalated,
            Figure::FirstResponse {
                wall_ms: 60_000,
                business_ms: 30_000,
            },
            Figure::FirstResponse {
                wall_ms: 120_000,
                business_ms: 0,
            },
            Figure::AutoReplyLatency { ms: 800 },
        ] {
            day.add(&figure);
        }
        let day_of = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let report = Report::new(
            "p".into(),
            Channel::Messenger,
            Period::Day { day: day_of },
            &day,
        );
        assert_eq!(report.summary.received, 2);
        assert_eq!(report.summary.answered_by_faq, 1);
        assert_eq!(report.summary.acknowledged, 1);
        assert_eq!(report.summary.escalated, 1);
        assert_eq!(report.summary.faq_answers.get("shipping"), Some(&1));
        assert_eq!(report.summary.first_response.wall.count, 2);
        assert_eq!(
            report.summary.first_response.wall.median_seconds,
            Some(60.0)
        );
        assert_eq!(report.summary.first_response.wall.p90_seconds, Some(120.0));
        assert_eq!(
            report.summary.first_response.business_hours.median_seconds,
            Some(0.0)
        );
        assert_eq!(report.summary.resolution.wall.median_seconds, None);
        assert_eq!(report.summary.auto_reply_latency_p95_ms, Some(800));
    }

    #[test]
    fn samples_beyond_the_daily_cap_drop_the_oldest() {
        let mut day = DayFigures::default();
        for ms in 0..(MAX_SAMPLES_PER_DAY as i64 + 5) {
            day.add(&Figure::AutoReplyLatency { ms });
        }
        let samples = &day.samples[AUTO_REPLY_LATENCY];
        assert_eq!(samples.len(), MAX_SAMPLES_PER_DAY);
        assert_eq!(samples.first(), Some(&5));
    }
}
