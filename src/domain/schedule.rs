//! When a page's team works: weekly hours, public holidays, special days and an admin's
//! temporary override, in the page's time zone. It answers "open now?", "why?", "when do
//! they come back?" and "when do they leave?".
//!
//! Precedence, strongest first: an active override ("away until", "open until"), a special
//! day, a public holiday, the weekly hours. An interval belongs to the day it starts on: a
//! Friday 20:00-02:00 shift runs into Saturday even when Saturday is a holiday.
//!
//! Local times are resolved deliberately around DST changes:
//! - a local time that does not exist (spring forward) is moved forward by the length of the
//!   gap, as `java.time` does: 02:30 on the night Prague switches to summer time is 03:30 CEST;
//! - a local time that exists twice (fall back) means its first occurrence;
//! - an interval that becomes empty that way (02:00-03:00 on the spring-forward night) is
//!   simply not open.
//!
//! `next_open` and `next_close` look up to ten years ahead, so a shop closed for weeks still
//! gets its exact date, and say `None` when there is no such instant (never opens, never
//! closes).

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::holidays::{Holiday, Holidays};

const MINUTES_PER_DAY: u16 = 24 * 60;
/// How far `next_open` and `next_close` look ahead.
const HORIZON_DAYS: i64 = 3660;

/// One opening interval of a day, in minutes after local midnight. `end <= start` means the
/// interval runs past midnight into the next day (Fri 20:00–02:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Interval {
    start: u16,
    end: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    #[error("expected \"HH:MM-HH:MM\", got {0:?}")]
    Shape(String),
    #[error("{0:?} is not a time of day (00:00 to 24:00)")]
    Time(String),
    #[error("an interval must not be empty")]
    Empty,
}

impl Interval {
    /// Parses `"09:00-17:00"`; `24:00` is allowed as an end ("until midnight").
    pub fn parse(text: &str) -> Result<Self, IntervalError> {
        let (start, end) = text
            .split_once('-')
            .ok_or_else(|| IntervalError::Shape(text.to_owned()))?;
        let start = parse_minutes(start.trim())?;
        let end = parse_minutes(end.trim())?;
        if start == MINUTES_PER_DAY {
            return Err(IntervalError::Time("24:00".into()));
        }
        if start == end {
            return Err(IntervalError::Empty);
        }
        Ok(Interval { start, end })
    }

    pub fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

fn parse_minutes(text: &str) -> Result<u16, IntervalError> {
    let bad = || IntervalError::Time(text.to_owned());
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Opening intervals for each weekday, Monday first, each day sorted by start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    days: [Vec<Interval>; 7],
}

impl WeeklyHours {
    /// `days[0]` is Monday.
    pub fn new(mut days: [Vec<Interval>; 7]) -> Self {
        days.iter_mut().for_each(|day| day.sort());
        WeeklyHours { days }
    }

    pub fn on(&self, weekday: chrono::Weekday) -> &[Interval] {
        &self.days[weekday.num_days_from_monday() as usize]
    }

    fn is_never_open(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

/// The days a special day covers: dates, or a range of month-days every year (which may wrap
/// the year end, 23 Dec - 2 Jan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySpan {
    Dates { from: NaiveDate, to: NaiveDate },
    Yearly { from: (u32, u32), to: (u32, u32) },
}

impl DaySpan {
    pub fn contains(&self, day: NaiveDate) -> bool {
        match *self {
            DaySpan::Dates { from, to } => from <= day && day <= to,
            DaySpan::Yearly { from, to } => {
                let md = (day.month(), day.day());
                if from <= to {
                    from <= md && md <= to
                } else {
                    md >= from || md <= to
                }
            }
        }
    }
}

/// A day or range of days closed (no hours) or with its own hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    pub name: String,
    pub span: DaySpan,
    hours: Vec<Interval>,
}

impl SpecialDay {
    pub fn new(name: String, span: DaySpan, mut hours: Vec<Interval>) -> Self {
        hours.sort();
        SpecialDay { name, span, hours }
    }

    pub fn hours(&self) -> &[Interval] {
        &self.hours
    }
}

/// An admin's temporary override of the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Override {
    AwayUntil { until: DateTime<Utc> },
    OpenUntil { until: DateTime<Utc> },
}

/// The rule that decided whether the team works at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    WeeklyHours,
    Holiday { name: String },
    SpecialDay { name: String },
    AwayUntil { until: DateTime<Utc> },
    OpenUntil { until: DateTime<Utc> },
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::WeeklyHours => f.write_str("weekly hours"),
            Why::Holiday { name } => write!(f, "public holiday: {name}"),
            Why::SpecialDay { name } => write!(f, "special day: {name}"),
            Why::AwayUntil { until } => write!(f, "away until {until}"),
            Why::OpenUntil { until } => write!(f, "open until {until}"),
        }
    }
}

/// Whether the team works at an instant, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub open: bool,
    pub why: Why,
}

/// A stretch of time in which the team works (`open`) or not, by the rule `why`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub open: bool,
    pub why: Why,
}

/// A page's working time.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub time_zone: Tz,
    pub hours: WeeklyHours,
    pub holidays: Holidays,
    pub special_days: Vec<SpecialDay>,
    pub override_: Option<Override>,
}

/// What governs one local day.
enum DaySource<'a> {
    Weekly,
    Holiday(Holiday),
    Special(&'a SpecialDay),
}

impl DaySource<'_> {
    fn why(&self) -> Why {
        match self {
            DaySource::Weekly => Why::WeeklyHours,
            DaySource::Holiday(h) => Why::Holiday {
                name: h.name.clone(),
            },
            DaySource::Special(s) => Why::SpecialDay {
                name: s.name.clone(),
            },
        }
    }
}

impl Schedule {
    /// Weekly hours only: no holidays, special days or override.
    pub fn new(time_zone: Tz, hours: WeeklyHours) -> Self {
        Schedule {
            time_zone,
            hours,
            holidays: Holidays::default(),
            special_days: Vec::new(),
            override_: None,
        }
    }

    /// Whether the team works at `at`, and which rule says so.
    pub fn status(&self, at: DateTime<Utc>) -> Status {
        match self.active_override(at) {
            Some(Override::AwayUntil { until }) => Status {
                open: false,
                why: Why::AwayUntil { until },
            },
            Some(Override::OpenUntil { until }) => Status {
                open: true,
                why: Why::OpenUntil { until },
            },
            None => self.scheduled_status(at),
        }
    }

    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        match self.active_override(at) {
            Some(Override::AwayUntil { .. }) => false,
            Some(Override::OpenUntil { .. }) => true,
            None => self.scheduled_open(at),
        }
    }

    /// The first instant at or after `at` when the team works; `None` when it never does.
    pub fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.active_override(at) {
            Some(Override::OpenUntil { .. }) => Some(at),
            Some(Override::AwayUntil { until }) => self.scheduled_next_open(until),
            None => self.scheduled_next_open(at),
        }
    }

    /// The first instant at or after `at` when the team does not work; `None` when it never
    /// stops (a page open around the clock).
    pub fn next_close(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.active_override(at) {
            Some(Override::AwayUntil { .. }) => Some(at),
            Some(Override::OpenUntil { until }) => self.scheduled_next_close(until),
            None => self.scheduled_next_close(at),
        }
    }

    /// The instant when `working` time has passed since `from`, counting only the time the
    /// team works (a 30-minute first-response target for a message on Friday night is due on
    /// Monday at 9:30). `None` when the page never opens.
    pub fn add_working_time(
        &self,
        from: DateTime<Utc>,
        working: Duration,
    ) -> Option<DateTime<Utc>> {
        let mut left = working;
        let mut at = from;
        // Each round consumes one opening block; a year of blocks is a generous bound.
        for _ in 0..2000 {
            let open = self.next_open(at)?;
            let Some(close) = self.next_close(open) else {
                return open.checked_add_signed(left);
            };
            let block = close.signed_duration_since(open);
            if block >= left {
                return open.checked_add_signed(left);
            }
            left -= block;
            at = close;
        }
        None
    }

    /// How much of the time from `from` to `to` the team works: the inverse of
    /// `add_working_time` (service levels counted in business hours).
    pub fn working_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        let mut at = from;
        // Each round consumes one opening block, as in `add_working_time`.
        for _ in 0..2000 {
            let Some(open) = self.next_open(at).filter(|open| *open < to) else {
                break;
            };
            let close = self.next_close(open).map_or(to, |close| close.min(to));
            total = total
                .checked_add(&close.signed_duration_since(open))
                .unwrap_or(Duration::MAX);
            if close >= to || close <= open {
                break;
            }
            at = close;
        }
        total
    }

    /// The time from `from` to `to` cut where the team starts or stops working, each stretch
    /// with the rule in force at its start: the week as a customer lives it (the console's
    /// preview). An overnight interval shows after midnight, an override over the days it
    /// covers. Empty when `to <= from`.
    pub fn stretches(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Stretch> {
        let mut stretches = Vec::new();
        let mut at = from;
        // A day has a handful of changes; the bound only guards against a rule that never
        // moves on.
        while at < to && stretches.len() < 1000 {
            let Status { open, why } = self.status(at);
            let change = if open {
                self.next_close(at)
            } else {
                self.next_open(at)
            };
            let end = change
                .filter(|change| *change > at)
                .map_or(to, |c| c.min(to));
            stretches.push(Stretch {
                from: at,
                to: end,
                open,
                why,
            });
            at = end;
        }
        stretches
    }

    /// The instant local `day` begins (its first minute, past a DST gap at midnight).
    pub fn day_start(&self, day: NaiveDate) -> Option<DateTime<Utc>> {
        self.resolve(day, 0)
    }

    fn active_override(&self, at: DateTime<Utc>) -> Option<Override> {
        self.override_.filter(|o| match o {
            Override::AwayUntil { until } | Override::OpenUntil { until } => at < *until,
        })
    }

    /// The local date at `at`. At chrono's very limits the local time may not exist; the
    /// UTC date stands in for it there rather than panicking.
    fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        let offset = self
            .time_zone
            .offset_from_utc_datetime(&at.naive_utc())
            .fix();
        at.naive_utc()
            .checked_add_offset(offset)
            .map_or(at.date_naive(), |local| local.date())
    }

    fn scheduled_open(&self, at: DateTime<Utc>) -> bool {
        let today = self.local_day(at);
        [today.pred_opt(), Some(today)]
            .into_iter()
            .flatten()
            .any(|day| {
                let (intervals, _) = self.plan(day);
                self.instants(day, intervals)
                    .any(|(start, end)| start <= at && at < end)
            })
    }

    fn scheduled_status(&self, at: DateTime<Utc>) -> Status {
        let today = self.local_day(at);
        for day in [today.pred_opt(), Some(today)].into_iter().flatten() {
            let (intervals, source) = self.plan(day);
            if self
                .instants(day, intervals)
                .any(|(start, end)| start <= at && at < end)
            {
                return Status {
                    open: true,
                    why: source.why(),
                };
            }
        }
        Status {
            open: false,
            why: self.plan(today).1.why(),
        }
    }

    fn scheduled_next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_never_open() {
            return None;
        }
        self.blocks_from(at)
            .find(|(_, end)| *end > at)
            .map(|(start, _)| start.max(at))
    }

    fn scheduled_next_close(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_never_open() {
            return Some(at);
        }
        let horizon = at
            .checked_add_signed(Duration::days(HORIZON_DAYS - 2))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        match self.blocks_from(at).find(|(_, end)| *end > at) {
            Some((start, end)) if start <= at => (end < horizon).then_some(end),
            _ => Some(at),
        }
    }

    fn is_never_open(&self) -> bool {
        self.hours.is_never_open() && self.special_days.iter().all(|s| s.hours.is_empty())
    }

    /// The opening blocks from the day before `at` on, in order, with touching or overlapping
    /// intervals merged (a shift to midnight followed by one from midnight is one block).
    fn blocks_from(
        &self,
        at: DateTime<Utc>,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let first = self.local_day(at).pred_opt().unwrap_or(NaiveDate::MIN);
        let raw = (0..HORIZON_DAYS)
            .filter_map(move |offset| first.checked_add_signed(Duration::days(offset)))
            .flat_map(move |day| {
                let (intervals, _) = self.plan(day);
                self.instants(day, intervals)
            });
        let mut raw = raw.peekable();
        std::iter::from_fn(move || {
            let (start, mut end) = raw.next()?;
            while let Some((_, next_end)) = raw.next_if(|(next_start, _)| *next_start <= end) {
                end = end.max(next_end);
            }
            Some((start, end))
        })
    }

    /// The intervals of a local day and the rule that set them.
    fn plan(&self, day: NaiveDate) -> (&[Interval], DaySource<'_>) {
        if let Some(special) = self.special_days.iter().find(|s| s.span.contains(day)) {
            return (&special.hours, DaySource::Special(special));
        }
        if let Some(holiday) = self.holidays.on(day) {
            return (&[], DaySource::Holiday(holiday));
        }
        (self.hours.on(day.weekday()), DaySource::Weekly)
    }

    /// The intervals starting on local `day`, as instants, in order; empty ones (made empty by
    /// a DST gap) are left out.
    fn instants<'a>(
        &'a self,
        day: NaiveDate,
        intervals: &'a [Interval],
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + 'a {
        intervals.iter().filter_map(move |interval| {
            let start = self.resolve(day, interval.start)?;
            let end_day = if interval.crosses_midnight() || interval.end == MINUTES_PER_DAY {
                day.succ_opt()?
            } else {
                day
            };
            let end = self.resolve(end_day, interval.end % MINUTES_PER_DAY)?;
            (start < end).then_some((start, end))
        })
    }

    /// Turns a local wall-clock time into an instant under the module's DST rules.
    fn resolve(&self, day: NaiveDate, minutes: u16) -> Option<DateTime<Utc>> {
        let time = NaiveTime::from_hms_opt(u32::from(minutes / 60), u32::from(minutes % 60), 0)?;
        let local = NaiveDateTime::new(day, time);
        match self.time_zone.from_local_datetime(&local) {
            chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            chrono::LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
            chrono::LocalResult::None => {
                // In a gap: apply the offset in force before it, which lands after the gap
                // by exactly the gap's length.
                let before = local.checked_sub_signed(Duration::hours(24))?;
                let offset = self
                    .time_zone
                    .offset_from_local_datetime(&before)
                    .earliest()?;
                let offset = chrono::Offset::fix(&offset);
                Some(Utc.from_utc_datetime(&local.checked_sub_offset(offset)?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::New_York;
    use chrono_tz::Australia::Sydney;
    use chrono_tz::Europe::{Kyiv, London, Prague};

    use super::*;
    use crate::domain::holidays;

    fn hours(spec: [&[&str]; 7]) -> WeeklyHours {
        WeeklyHours::new(spec.map(|day| {
            day.iter()
                .map(|i| Interval::parse(i).expect("valid interval"))
                .collect()
        }))
    }

    const NINE_TO_FIVE: &[&str] = &["09:00-17:00"];

    fn office(tz: Tz) -> Schedule {
        let weekday = NINE_TO_FIVE;
        Schedule::new(
            tz,
            hours([
                weekday,
                weekday,
                weekday,
                weekday,
                &["09:00-12:00", "20:00-02:00"],
                &[],
                &[],
            ]),
        )
    }

    fn every_day(tz: Tz) -> Schedule {
        Schedule::new(tz, hours([NINE_TO_FIVE; 7]))
    }

    /// The office schedule with Czech holidays, Christmas Eve mornings open, and the
    /// inventory between the years closed.
    fn czech_shop() -> Schedule {
        let cz = holidays::country("CZ").unwrap().unwrap();
        let mut s = office(Prague);
        s.holidays = Holidays::new(Some(&cz), &[], &[], Vec::new());
        s.special_days = vec![
            SpecialDay::new(
                "Štědrý den".into(),
                DaySpan::Yearly {
                    from: (12, 24),
                    to: (12, 24),
                },
                vec![Interval::parse("08:00-12:00").unwrap()],
            ),
            SpecialDay::new(
                "Inventura".into(),
                DaySpan::Yearly {
                    from: (12, 28),
                    to: (1, 2),
                },
                vec![],
            ),
            SpecialDay::new(
                "Letní dovolená".into(),
                DaySpan::Dates {
                    from: NaiveDate::from_ymd_opt(2026, 7, 13).unwrap(),
                    to: NaiveDate::from_ymd_opt(2026, 8, 2).unwrap(),
                },
                vec![],
            ),
        ];
        s
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid instant")
            .with_timezone(&Utc)
    }

    /// (at, open?, next_open, next_close) for every case.
    fn check(s: &Schedule, cases: &[(&str, bool, Option<&str>, Option<&str>)]) {
        for &(at, open, next_open, next_close) in cases {
            let t = utc(at);
            assert_eq!(s.is_open(t), open, "is_open({at})");
            assert_eq!(s.status(t).open, open, "status({at})");
            assert_eq!(s.next_open(t), next_open.map(utc), "next_open({at})");
            assert_eq!(s.next_close(t), next_close.map(utc), "next_close({at})");
        }
    }

    #[test]
    fn stretches_cut_a_day_where_the_team_starts_and_stops_and_say_why() {
        let s = czech_shop();
        let day = |date: &str| {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let (from, to) = (
                s.day_start(date).unwrap(),
                s.day_start(date.succ_opt().unwrap()),
            );
            s.stretches(from, to.unwrap())
                .into_iter()
                .map(|st| (st.from, st.to, st.open, st.why))
                .collect::<Vec<_>>()
        };
        let weekly = Why::WeeklyHours;
        // Friday 2026-11-27: 09-12 and 20-02 (the night runs into Saturday).
        assert_eq!(
            day("2026-11-27"),
            vec![
                (
                    utc("2026-11-26T23:00:00Z"),
                    utc("2026-11-27T08:00:00Z"),
                    false,
                    weekly.clone()
                ),
                (
                    utc("2026-11-27T08:00:00Z"),
                    utc("2026-11-27T11:00:00Z"),
                    true,
                    weekly.clone()
                ),
                (
                    utc("2026-11-27T11:00:00Z"),
                    utc("2026-11-27T19:00:00Z"),
                    false,
                    weekly.clone()
                ),
                (
                    utc("2026-11-27T19:00:00Z"),
                    utc("2026-11-27T23:00:00Z"),
                    true,
                    weekly.clone()
                ),
            ]
        );
        assert_eq!(
            day("2026-11-28"),
            vec![
                (
                    utc("2026-11-27T23:00:00Z"),
                    utc("2026-11-28T01:00:00Z"),
                    true,
                    weekly.clone()
                ),
                (
                    utc("2026-11-28T01:00:00Z"),
                    utc("2026-11-28T23:00:00Z"),
                    false,
                    weekly
                ),
            ]
        );
        // A holiday (Tuesday 17 November) is closed all day, saying which.
        let holiday = day("2026-11-17");
        assert_eq!(holiday.len(), 1);
        assert!(!holiday[0].2);
        assert!(matches!(&holiday[0].3, Why::Holiday { .. }));
        // Christmas Eve has its own morning.
        let eve = day("2026-12-24");
        assert_eq!(eve.len(), 3);
        assert!(eve[1].2);
        assert_eq!(
            eve[1].3,
            Why::SpecialDay {
                name: "Štědrý den".into()
            }
        );
        // An override covers what it covers, then the hours are back.
        let mut away = czech_shop();
        away.override_ = Some(Override::AwayUntil {
            until: utc("2026-11-24T12:00:00Z"),
        });
        let from = utc("2026-11-23T23:00:00Z");
        let tuesday = away.stretches(from, utc("2026-11-24T23:00:00Z"));
        assert_eq!(tuesday.len(), 3);
        assert_eq!(tuesday[0].to, utc("2026-11-24T12:00:00Z"));
        assert!(matches!(tuesday[0].why, Why::AwayUntil { .. }));
        assert!(tuesday[1].open);
        assert_eq!(tuesday[1].to, utc("2026-11-24T16:00:00Z"));
        assert!(away.stretches(from, from).is_empty());
    }

    #[test]
    fn intervals_parse_and_reject_with_a_reason() {
        assert_eq!(
            Interval::parse("09:00-17:30").map(|i| i.to_string()),
            Ok("09:00-17:30".into())
        );
        assert!(Interval::parse("20:00-02:00").is_ok_and(|i| i.crosses_midnight()));
        assert!(Interval::parse("00:00-24:00").is_ok());
        assert_eq!(
            Interval::parse("9-17"),
            Err(IntervalError::Time("9".into()))
        );
        assert_eq!(
            Interval::parse("09:00"),
            Err(IntervalError::Shape("09:00".into()))
        );
        assert_eq!(
            Interval::parse("25:00-26:00"),
            Err(IntervalError::Time("25:00".into()))
        );
        assert_eq!(
            Interval::parse("09:60-10:00"),
            Err(IntervalError::Time("09:60".into()))
        );
        assert_eq!(
            Interval::parse("24:00-01:00"),
            Err(IntervalError::Time("24:00".into()))
        );
        assert_eq!(Interval::parse("10:00-10:00"), Err(IntervalError::Empty));
    }

    #[test]
    fn weekly_hours_several_intervals_and_past_midnight() {
        check(
            &office(Prague),
            &[
                // Monday 2026-11-23 10:00 local (CET = UTC+1).
                (
                    "2026-11-23T09:00:00Z",
                    true,
                    Some("2026-11-23T09:00:00Z"),
                    Some("2026-11-23T16:00:00Z"),
                ),
                // Monday 08:59 local: opens at 09:00.
                (
                    "2026-11-23T07:59:00Z",
                    false,
                    Some("2026-11-23T08:00:00Z"),
                    Some("2026-11-23T07:59:00Z"),
                ),
                // Monday 17:00 local is closed (the end is exclusive): Tuesday 9:00.
                (
                    "2026-11-23T16:00:00Z",
                    false,
                    Some("2026-11-24T08:00:00Z"),
                    Some("2026-11-23T16:00:00Z"),
                ),
                // Friday 12:30 local: the evening shift at 20:00.
                (
                    "2026-11-27T11:30:00Z",
                    false,
                    Some("2026-11-27T19:00:00Z"),
                    Some("2026-11-27T11:30:00Z"),
                ),
                // Friday 21:00: open until Saturday 02:00.
                (
                    "2026-11-27T20:00:00Z",
                    true,
                    Some("2026-11-27T20:00:00Z"),
                    Some("2026-11-28T01:00:00Z"),
                ),
                // Saturday 01:30 local is still Friday's shift.
                (
                    "2026-11-28T00:30:00Z",
                    true,
                    Some("2026-11-28T00:30:00Z"),
                    Some("2026-11-28T01:00:00Z"),
                ),
                // Saturday 02:00 local: closed all weekend, until Monday 9:00.
                (
                    "2026-11-28T01:00:00Z",
                    false,
                    Some("2026-11-30T08:00:00Z"),
                    Some("2026-11-28T01:00:00Z"),
                ),
            ],
        );
    }

    #[test]
    fn around_the_clock_and_never() {
        let all: &[&str] = &["00:00-24:00"];
        check(
            &Schedule::new(Prague, hours([all; 7])),
            &[(
                "2026-11-29T23:59:59Z",
                true,
                Some("2026-11-29T23:59:59Z"),
                None,
            )],
        );
        // Open from Monday 00:00 to Friday 24:00: the blocks of consecutive days merge.
        let weekdays = Schedule::new(Prague, hours([all, all, all, all, all, &[], &[]]));
        check(
            &weekdays,
            &[(
                "2026-11-24T12:00:00Z",
                true,
                Some("2026-11-24T12:00:00Z"),
                Some("2026-11-27T23:00:00Z"),
            )],
        );
        check(
            &Schedule::new(Prague, WeeklyHours::default()),
            &[(
                "2026-11-23T09:00:00Z",
                false,
                None,
                Some("2026-11-23T09:00:00Z"),
            )],
        );
    }

    #[test]
    fn holidays_close_a_working_day() {
        let s = czech_shop();
        check(
            &s,
            &[
                // Wednesday 28 October 2026 (Independence Day), 10:00: back on Thursday.
                (
                    "2026-10-28T09:00:00Z",
                    false,
                    Some("2026-10-29T08:00:00Z"),
                    Some("2026-10-28T09:00:00Z"),
                ),
                // Tuesday 17 November 2026 (Freedom and Democracy Day).
                (
                    "2026-11-17T09:00:00Z",
                    false,
                    Some("2026-11-18T08:00:00Z"),
                    Some("2026-11-17T09:00:00Z"),
                ),
            ],
        );
        let holiday = Why::Holiday {
            name: "Den vzniku samostatného československého státu".into(),
        };
        assert_eq!(
            s.status(utc("2026-10-28T09:00:00Z")),
            Status {
                open: false,
                why: holiday
            }
        );
    }

    #[test]
    fn special_days_win_over_holidays_and_wrap_the_year_end() {
        let s = czech_shop();
        check(
            &s,
            &[
                // Christmas Eve 2026 (Thursday, a public holiday) has its own hours, 8-12.
                (
                    "2026-12-24T06:30:00Z",
                    false,
                    Some("2026-12-24T07:00:00Z"),
                    Some("2026-12-24T06:30:00Z"),
                ),
                (
                    "2026-12-24T08:00:00Z",
                    true,
                    Some("2026-12-24T08:00:00Z"),
                    Some("2026-12-24T11:00:00Z"),
                ),
                // After it: Christmas holidays, then the inventory 28 Dec - 2 Jan, then Sunday;
                // the next opening is Monday 4 January 2027.
                (
                    "2026-12-24T11:00:00Z",
                    false,
                    Some("2027-01-04T08:00:00Z"),
                    Some("2026-12-24T11:00:00Z"),
                ),
                (
                    "2026-12-31T09:00:00Z",
                    false,
                    Some("2027-01-04T08:00:00Z"),
                    Some("2026-12-31T09:00:00Z"),
                ),
            ],
        );
        assert_eq!(
            s.status(utc("2026-12-24T08:00:00Z")).why,
            Why::SpecialDay {
                name: "Štědrý den".into()
            }
        );
        assert_eq!(
            s.status(utc("2027-01-01T09:00:00Z")).why,
            Why::SpecialDay {
                name: "Inventura".into()
            },
            "a special day wins over New Year"
        );
    }

    #[test]
    fn a_three_week_closure_still_gets_its_exact_date() {
        // Saturday 11 July 2026, after the last shift: closed 13 July - 2 August.
        check(
            &czech_shop(),
            &[(
                "2026-07-11T08:00:00Z",
                false,
                Some("2026-08-03T07:00:00Z"),
                Some("2026-07-11T08:00:00Z"),
            )],
        );
    }

    #[test]
    fn overrides_win_over_everything() {
        let mut s = office(Prague);
        let until = utc("2026-11-25T12:00:00Z");
        s.override_ = Some(Override::AwayUntil { until });
        check(
            &s,
            &[
                // Tuesday 10:00, normally open: away until Wednesday 13:00 local, when the
                // weekly hours are open again.
                (
                    "2026-11-24T09:00:00Z",
                    false,
                    Some("2026-11-25T12:00:00Z"),
                    Some("2026-11-24T09:00:00Z"),
                ),
                // After the override the weekly hours apply again.
                (
                    "2026-11-25T13:00:00Z",
                    true,
                    Some("2026-11-25T13:00:00Z"),
                    Some("2026-11-25T16:00:00Z"),
                ),
            ],
        );
        assert_eq!(
            s.status(utc("2026-11-24T09:00:00Z")).why,
            Why::AwayUntil { until }
        );

        // Open on a Saturday until 14:00 local; then closed until Monday.
        let until = utc("2026-11-28T13:00:00Z");
        s.override_ = Some(Override::OpenUntil { until });
        check(
            &s,
            &[(
                "2026-11-28T09:00:00Z",
                true,
                Some("2026-11-28T09:00:00Z"),
                Some("2026-11-28T13:00:00Z"),
            )],
        );
        // Open until Monday 10:00 local: the weekly hours carry on until 17:00.
        s.override_ = Some(Override::OpenUntil {
            until: utc("2026-11-30T09:00:00Z"),
        });
        check(
            &s,
            &[(
                "2026-11-28T09:00:00Z",
                true,
                Some("2026-11-28T09:00:00Z"),
                Some("2026-11-30T16:00:00Z"),
            )],
        );
    }

    #[test]
    fn next_opening_is_right_across_dst_changes() {
        // From Saturday 20:00 local before each change to Sunday 9:00 local after it, and
        // the same in reverse at the other change of the year.
        let cases = [
            // Europe: last Sunday of March and October.
            (Prague, "2026-03-28T19:00:00Z", "2026-03-29T07:00:00Z"),
            (Prague, "2026-10-24T18:00:00Z", "2026-10-25T08:00:00Z"),
            (Kyiv, "2026-03-28T18:00:00Z", "2026-03-29T06:00:00Z"),
            (Kyiv, "2026-10-24T17:00:00Z", "2026-10-25T07:00:00Z"),
            (London, "2026-03-28T20:00:00Z", "2026-03-29T08:00:00Z"),
            (London, "2026-10-24T19:00:00Z", "2026-10-25T09:00:00Z"),
            // US: second Sunday of March, first Sunday of November.
            (New_York, "2026-03-08T01:00:00Z", "2026-03-08T13:00:00Z"),
            (New_York, "2026-11-01T00:00:00Z", "2026-11-01T14:00:00Z"),
            // Sydney: DST ends on the first Sunday of April, starts on the first of October.
            (Sydney, "2026-04-04T09:00:00Z", "2026-04-04T23:00:00Z"),
            (Sydney, "2026-10-03T10:00:00Z", "2026-10-03T22:00:00Z"),
        ];
        for (tz, at, expected) in cases {
            let s = every_day(tz);
            assert_eq!(s.next_open(utc(at)), Some(utc(expected)), "{tz} {at}");
            // And 17:00 the same day closes in the same offset.
            let close = s.next_close(utc(expected)).unwrap();
            assert_eq!(close - utc(expected), Duration::hours(8), "{tz} {at}");
        }
    }

    #[test]
    fn working_time_skips_nights_weekends_holidays_and_dst() {
        let s = czech_shop();
        let due =
            |from: &str, minutes: i64| s.add_working_time(utc(from), Duration::minutes(minutes));
        // Tuesday 16:45 local + 30 working minutes: 15 today, 15 on Wednesday from 9:00.
        assert_eq!(
            due("2026-11-24T15:45:00Z", 30),
            Some(utc("2026-11-25T08:15:00Z"))
        );
        // Friday night (after the evening shift) + 30: Monday 9:30.
        assert_eq!(
            due("2026-11-28T01:30:00Z", 30),
            Some(utc("2026-11-30T08:30:00Z"))
        );
        // Tuesday 27 October 2026, 16:30 + 60: Wednesday 28 October is a holiday, so
        // Thursday 9:30.
        assert_eq!(
            due("2026-10-27T15:30:00Z", 60),
            Some(utc("2026-10-29T08:30:00Z"))
        );
        // Across the autumn DST change: Friday 23 October, 16:00 CEST, after the morning
        // block; the evening shift 20:00-02:00 gives 6 hours; 6h30 runs into Monday 9:30 CET.
        assert_eq!(
            due("2026-10-23T14:00:00Z", 390),
            Some(utc("2026-10-26T08:30:00Z"))
        );
        let never = Schedule::new(Prague, WeeklyHours::default());
        assert_eq!(
            never.add_working_time(utc("2026-11-24T09:00:00Z"), Duration::minutes(5)),
            None
        );
    }

    #[test]
    fn working_time_between_counts_only_opening_hours() {
        let s = czech_shop();
        let between = |from: &str, to: &str| s.working_time_between(utc(from), utc(to));
        // Friday night to Monday 9:30: half an hour.
        assert_eq!(
            between("2026-11-28T01:30:00Z", "2026-11-30T08:30:00Z"),
            Duration::minutes(30)
        );
        // Over the 28 October holiday: 30 minutes on Tuesday, 30 on Thursday.
        assert_eq!(
            between("2026-10-27T15:30:00Z", "2026-10-29T08:30:00Z"),
            Duration::minutes(60)
        );
        // Across the autumn DST change, the inverse of the case above.
        assert_eq!(
            between("2026-10-23T14:00:00Z", "2026-10-26T08:30:00Z"),
            Duration::minutes(390)
        );
        // Inside one block, and backwards (nothing).
        assert_eq!(
            between("2026-11-24T09:00:00Z", "2026-11-24T09:10:00Z"),
            Duration::minutes(10)
        );
        assert_eq!(
            between("2026-11-24T10:00:00Z", "2026-11-24T09:00:00Z"),
            Duration::zero()
        );
        let never = Schedule::new(Prague, WeeklyHours::default());
        assert_eq!(
            never.working_time_between(utc("2026-11-24T09:00:00Z"), utc("2026-11-30T09:00:00Z")),
            Duration::zero()
        );
    }

    #[test]
    fn local_times_in_dst_gaps_and_overlaps() {
        let early: &[&str] = &["02:30-04:00"];
        let s = Schedule::new(Prague, hours([&[], &[], &[], &[], &[], &[], early]));
        // Sunday 2026-03-29: 02:30 does not exist in Prague; it opens at 03:30 CEST.
        assert_eq!(
            s.next_open(utc("2026-03-28T12:00:00Z")),
            Some(utc("2026-03-29T01:30:00Z"))
        );
        // Sunday 2026-10-25: 02:30 exists twice; the first one (CEST, UTC+2) counts.
        assert_eq!(
            s.next_open(utc("2026-10-24T12:00:00Z")),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        // An interval that lies wholly in the gap is not open that night.
        let gap: &[&str] = &["02:00-03:00"];
        let s = Schedule::new(Prague, hours([&[], &[], &[], &[], &[], &[], gap]));
        assert_eq!(
            s.next_open(utc("2026-03-28T12:00:00Z")),
            Some(utc("2026-04-05T00:00:00Z"))
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn interval() -> impl Strategy<Value = Interval> {
        // Quarter hours, any length, possibly past midnight.
        (0u16..96, 1u16..96).prop_map(|(start, length)| Interval {
            start: start * 15,
            end: ((start + length) % 96) * 15
                + if (start + length) % 96 == 0 {
                    24 * 60
                } else {
                    0
                },
        })
    }

    fn schedule() -> impl Strategy<Value = Schedule> {
        let day = prop::collection::vec(interval(), 0..3);
        let zones = prop::sample::select(vec![
            chrono_tz::Europe::Prague,
            chrono_tz::Europe::Kyiv,
            chrono_tz::Europe::London,
            chrono_tz::America::New_York,
            chrono_tz::Australia::Sydney,
        ]);
        (zones, prop::array::uniform7(day))
            .prop_map(|(tz, days)| Schedule::new(tz, WeeklyHours::new(days)))
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // Two years around now, to the second, so DST changes are covered.
        (1_767_225_600i64..1_830_297_600)
            .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default())
    }

    /// Every minute boundary in [from, to): openness only changes on minute boundaries.
    fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> {
        let first = from.timestamp().div_euclid(60) * 60 + 60;
        std::iter::once(from).filter(move |_| from < to).chain(
            (first..to.timestamp())
                .step_by(60)
                .filter_map(|s| DateTime::from_timestamp(s, 0)),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn next_open_is_open_and_nothing_before_it_is(s in schedule(), t in instant()) {
            match s.next_open(t) {
                Some(open) => {
                    prop_assert!(open >= t);
                    prop_assert!(s.is_open(open), "next_open {open} is not open");
                    prop_assume!(open - t < Duration::days(8));
                    for m in minutes(t, open) {
                        prop_assert!(!s.is_open(m), "{m} is open before next_open {open}");
                    }
                }
                None => prop_assert!(s.hours.is_never_open()),
            }
        }

        #[test]
        fn working_time_between_inverts_add_working_time(
            s in schedule(),
            t in instant(),
            minutes in 1i64..(3 * 24 * 60),
        ) {
            let working = Duration::minutes(minutes);
            if let Some(due) = s.add_working_time(t, working) {
                prop_assert_eq!(s.working_time_between(t, due), working);
            }
        }

        #[test]
        fn next_close_mirrors_next_open(s in schedule(), t in instant()) {
            prop_assert_eq!(s.is_open(t), s.next_open(t) == Some(t));
            match s.next_close(t) {
                Some(close) => {
                    prop_assert!(close >= t);
                    prop_assert!(!s.is_open(close), "next_close {close} is open");
                    prop_assert_eq!(s.is_open(t), close > t);
                    prop_assume!(close - t < Duration::days(8));
                    for m in minutes(t, close) {
                        prop_assert!(s.is_open(m), "{m} is closed before next_close {close}");
                    }
                }
                None => prop_assert!(s.is_open(t)),
            }
        }
    }
}
