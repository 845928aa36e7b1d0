//! The report of `frontdesk hours`: whether a page is open at an instant, which rule decided,
//! the next opening and closing, its week and its holidays of the year. Admins read it to
//! check a configuration before it goes live.

use std::fmt::Write;
use std::path::Path;

use chrono::{DateTime, Datelike, Utc, Weekday};

use crate::domain::locale::{Locale, Locales};
use crate::domain::page::Page;
use crate::domain::schedule::DaySpan;
use crate::pages::read_page_file;
use crate::settings::Settings;

use super::admin::AdminCommand;

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Renders the report for `page` at `at`; `locale` words the next opening as customers read it.
pub fn render(page: &Page, locale: &Locale, at: DateTime<Utc>) -> String {
    let schedule = &page.schedule;
    let tz = schedule.time_zone;
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&tz)
            .format("%a %Y-%m-%d %H:%M %Z")
            .to_string()
    };
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        out,
        "{} ({}), {}, {}",
        page.name,
        page.id,
        tz,
        page.language.code()
    );
    let _ = writeln!(out, "at            {} ({})", local(at), at.to_rfc3339());
    let status = schedule.status(at);
    let state = if status.open { "open" } else { "closed" };
    let _ = writeln!(out, "status        {state}, by {}", status.why);
    match schedule.next_open(at) {
        Some(open) if open > at => {
            let words = locale.describe(at.with_timezone(&tz), open.with_timezone(&tz));
            let _ = writeln!(out, "next opening  {} (\"{words}\")", local(open));
        }
        Some(_) => {}
        None => {
            let _ = writeln!(
                out,
                "next opening  never: the after-hours reply promises no time"
            );
        }
    }
    match schedule.next_close(at) {
        Some(close) if close > at => {
            let _ = writeln!(out, "next closing  {}", local(close));
        }
        Some(_) => {}
        None => {
            let _ = writeln!(out, "next closing  never");
        }
    }
    let _ = writeln!(out, "\nweekly hours");
    for day in WEEK {
        let intervals = schedule.hours.on(day);
        let text = if intervals.is_empty() {
            "closed".to_owned()
        } else {
            intervals
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "  {day}  {text}");
    }
    if !schedule.special_days.is_empty() {
        let _ = writeln!(out, "\nspecial days");
        for special in &schedule.special_days {
            let span = match special.span {
                DaySpan::Dates { from, to } if from == to => from.to_string(),
                DaySpan::Dates { from, to } => format!("{from} to {to}"),
                DaySpan::Yearly { from, to } if from == to => {
                    format!("{:02}-{:02} every year", from.0, from.1)
                }
                DaySpan::Yearly { from, to } => {
                    format!(
                        "{:02}-{:02} to {:02}-{:02} every year",
                        from.0, from.1, to.0, to.1
                    )
                }
            };
            let hours = if special.hours().is_empty() {
                "closed".to_owned()
            } else {
                special
                    .hours()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(out, "  {}: {span}, {hours}", special.name);
        }
    }
    let year = at.with_timezone(&tz).year();
    let holidays = schedule.holidays.of_year(year);
    let _ = writeln!(out, "\nholidays {year}");
    if holidays.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for holiday in holidays.iter() {
        let substitute = if holiday.substitute {
            " (substitute day)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}  {:<24} {}{substitute}",
            holiday.date.format("%a %Y-%m-%d"),
            holiday.id,
            holiday.name
        );
    }
    out
}

/// `frontdesk hours`: the report for a page file, or a page of the store, at `at` (now when
/// absent).
pub async fn run(
    settings: &Settings,
    page: &str,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
    channel: &str,
) -> anyhow::Result<()> {
    let at = super::instant(at);
    if !page.ends_with(".toml") {
        let command = AdminCommand::Hours {
            page: page.to_owned(),
            channel: super::parse_channel(channel)?,
            at,
        };
        return super::admin::run(settings, command).await;
    }
    let page = read_page_file(Path::new(page))?.validate()?;
    let locales = Locales::bundled()?;
    super::print(&render(&page, locales.get(page.language), at))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::locale::Locales;
    use crate::domain::page::PageFile;

    #[test]
    fn the_report_says_what_decided_and_what_comes_next() {
        let page = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .and_then(|f| f.validate())
            .expect("valid example");
        let locales = Locales::bundled().expect("locales");
        // Christmas Eve 2026, 13:00 in Prague: the special day's hours are over.
        let at = Utc.with_ymd_and_hms(2026, 12, 24, 12, 0, 0).unwrap();
        let report = render(&page, locales.get(page.language), at);
        assert!(
            report.contains("status        closed, by special day: Štědrý den"),
            "{report}"
        );
        assert!(
            report.contains("next opening  Mon 2027-01-04 09:00 CET (\"4. ledna v 9:00\")"),
            "{report}"
        );
        assert!(
            report.contains("  Fri  09:00-12:00, 13:00-16:00"),
            "{report}"
        );
        assert!(
            report.contains("Inventura: 12-28 to 01-02 every year, closed"),
            "{report}"
        );
        assert!(report.contains("Thu 2026-12-24  christmas_eve"), "{report}");
        assert!(report.contains("Thu 2026-12-31  own:12-31"), "{report}");
        // Seven weekdays, two special days, thirteen Czech holidays and the shop's own.
        assert_eq!(report.matches("\n  ").count(), 7 + 2 + 13 + 1, "{report}");
    }
}
