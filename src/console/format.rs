//! How the console writes times and durations: instants in the page's time zone (with the
//! exact instant in `datetime`, which the browser turns into the viewer's time on hover), and
//! waits as "3 h 12 min".

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// An instant as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// In the page's time zone: the time alone today, else with the date.
    pub local: String,
    /// The time zone's name, shown in the hover title.
    pub zone: String,
}

impl When {
    pub fn at(at: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> When {
        let local = at.with_timezone(&zone);
        let today = now.with_timezone(&zone).date_naive() == local.date_naive();
        When {
            iso: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            local: if today {
                local.format("%H:%M").to_string()
            } else {
                local.format("%-d.%-m.%Y %H:%M").to_string()
            },
            zone: zone.name().to_owned(),
        }
    }
}

/// A wait or a time left, short: "<1 min", "45 min", "3 h 12 min", "2 d 4 h".
pub fn duration(span: Duration) -> String {
    let minutes = span.num_minutes().max(0);
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => "<1 min".to_owned(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// At most `max` characters of `text` on one line, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn instants_are_shown_in_the_page_zone() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        let today = When::at(now - Duration::hours(1), chrono_tz::Europe::Prague, now);
        assert_eq!(today.local, "10:00");
        assert_eq!(today.iso, "2026-12-01T09:00:00Z");
        let earlier = When::at(now - Duration::days(2), chrono_tz::Europe::Prague, now);
        assert_eq!(earlier.local, "29.11.2026 11:00");
        assert_eq!(earlier.zone, "Europe/Prague");
    }

    #[test]
    fn durations_are_short_and_never_negative() {
        assert_eq!(duration(Duration::seconds(30)), "<1 min");
        assert_eq!(duration(Duration::minutes(45)), "45 min");
        assert_eq!(duration(Duration::minutes(192)), "3 h 12 min");
        assert_eq!(duration(Duration::hours(52)), "2 d 4 h");
        assert_eq!(duration(Duration::minutes(-5)), "<1 min");
    }

    #[test]
    fn excerpts_cut_on_characters_and_fold_lines() {
        assert_eq!(excerpt("ahoj\n  světe", 20), "ahoj světe");
        assert_eq!(excerpt("žluťoučký kůň", 6), "žluťo…");
    }
}
