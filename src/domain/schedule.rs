//! Weekly office hours in a page's time zone: is the team working at an instant, and when
//! does it next open?
//!
//! Hours are written in local wall-clock time. Two DST rules, chosen deliberately:
//! - a local time that does not exist (spring forward) is moved forward by the length of the
//!   gap, as `java.time` does: 02:30 on the night Prague switches to summer time is 03:30 CEST;
//! - a local time that exists twice (fall back) means its first occurrence.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: u16 = 24 * 60;
/// How far ahead `next_open` looks. A year covers any weekly pattern; issue-level rules
/// (closures of weeks) stay far inside it.
const HORIZON_DAYS: i64 = 366;

/// One opening interval of a day, in minutes after local midnight. `end <= start` means the
/// interval runs past midnight into the next day (Fri 20:00–02:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// Opening intervals for each weekday, Monday first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    days: [Vec<Interval>; 7],
}

impl WeeklyHours {
    /// `days[0]` is Monday.
    pub fn new(days: [Vec<Interval>; 7]) -> Self {
        WeeklyHours { days }
    }

    pub fn on(&self, weekday: chrono::Weekday) -> &[Interval] {
        &self.days[weekday.num_days_from_monday() as usize]
    }

    fn is_never_open(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

/// A page's office hours anchored in its time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub time_zone: Tz,
    pub hours: WeeklyHours,
}

impl Schedule {
    pub fn new(time_zone: Tz, hours: WeeklyHours) -> Self {
        Schedule { time_zone, hours }
    }

    /// Whether the team works at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let today = at.with_timezone(&self.time_zone).date_naive();
        // An interval that started yesterday may still be running after midnight.
        [today.pred_opt(), Some(today)]
            .into_iter()
            .flatten()
            .flat_map(|day| self.instants_on(day))
            .any(|(start, end)| start <= at && at < end)
    }

    /// The first instant at or after `at` when the team works, or `None` when the page
    /// never opens.
    pub fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.hours.is_never_open() {
            return None;
        }
        if self.is_open(at) {
            return Some(at);
        }
        let today = at.with_timezone(&self.time_zone).date_naive();
        (0..=HORIZON_DAYS)
            .filter_map(|offset| today.checked_add_signed(Duration::days(offset)))
            .flat_map(|day| self.instants_on(day))
            .map(|(start, _)| start)
            .find(|start| *start > at)
    }

    /// The opening intervals that start on local `day`, as instants, in order.
    fn instants_on(&self, day: NaiveDate) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> {
        self.hours
            .on(day.weekday())
            .iter()
            .filter_map(move |interval| {
                let start = self.resolve(day, interval.start)?;
                let end_day = if interval.crosses_midnight() || interval.end == MINUTES_PER_DAY {
                    day.succ_opt()?
                } else {
                    day
                };
                let end = self.resolve(end_day, interval.end % MINUTES_PER_DAY)?;
                Some((start, end))
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
                Some(Utc.from_utc_datetime(&(local - offset)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::Europe::Prague;

    use super::*;

    fn hours(spec: [&[&str]; 7]) -> WeeklyHours {
        WeeklyHours::new(spec.map(|day| {
            day.iter()
                .map(|i| Interval::parse(i).expect("valid interval"))
                .collect()
        }))
    }

    fn office(tz: Tz) -> Schedule {
        let weekday: &[&str] = &["09:00-17:00"];
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

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid instant")
            .with_timezone(&Utc)
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
        assert_eq!(Interval::parse("10:00-10:00"), Err(IntervalError::Empty));
    }

    #[test]
    fn open_and_next_open_in_prague() {
        let s = office(Prague);
        // (instant, open?, next opening)
        let cases = [
            // Monday 2026-11-23, 10:00 local (CET = UTC+1).
            ("2026-11-23T09:00:00Z", true, "2026-11-23T09:00:00Z"),
            // Monday 08:59 local: opens at 09:00.
            ("2026-11-23T07:59:00Z", false, "2026-11-23T08:00:00Z"),
            // Monday 17:00 local is closed (end exclusive): Tuesday 9:00.
            ("2026-11-23T16:00:00Z", false, "2026-11-24T08:00:00Z"),
            // Friday 12:30 local: evening shift at 20:00.
            ("2026-11-27T11:30:00Z", false, "2026-11-27T19:00:00Z"),
            // Saturday 01:30 local is still Friday's shift.
            ("2026-11-28T00:30:00Z", true, "2026-11-28T00:30:00Z"),
            // Saturday 02:00 local: closed until Monday 9:00.
            ("2026-11-28T01:00:00Z", false, "2026-11-30T08:00:00Z"),
        ];
        for (at, open, next) in cases {
            assert_eq!(s.is_open(utc(at)), open, "is_open({at})");
            assert_eq!(s.next_open(utc(at)), Some(utc(next)), "next_open({at})");
        }
    }

    #[test]
    fn next_open_across_dst_changes() {
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
        // Monday 9:00 after the autumn change is 08:00 UTC, before it 07:00 UTC.
        let o = office(Prague);
        assert_eq!(
            o.next_open(utc("2026-10-24T12:00:00Z")),
            Some(utc("2026-10-26T08:00:00Z"))
        );
        assert_eq!(
            o.next_open(utc("2026-03-28T12:00:00Z")),
            Some(utc("2026-03-30T07:00:00Z"))
        );
    }

    #[test]
    fn around_the_clock_and_never() {
        let all: &[&str] = &["00:00-24:00"];
        let always = Schedule::new(Prague, hours([all; 7]));
        assert!(always.is_open(utc("2026-11-29T23:59:59Z")));
        let never = Schedule::new(Prague, WeeklyHours::default());
        assert!(!never.is_open(utc("2026-11-23T09:00:00Z")));
        assert_eq!(never.next_open(utc("2026-11-23T09:00:00Z")), None);
    }
}
