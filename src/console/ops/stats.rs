//! A page's figures in the console: `GET /console/pages/{id}/stats?from=…&to=…&channel=…`
//! draws them per day (messages, first response, resolution, automatic reply latency) and per
//! FAQ entry, each chart with its numbers in a table beside it, and `…/stats.csv` downloads
//! the same numbers per day and channel. The figures come from `stats::page_figures`, as the
//! API's; a range it refuses (or a day that is not a date) is a 400 with the form and the
//! reason beside the field.

use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Duration, NaiveDate};
use serde::Deserialize;

use super::charts::{self, Line, LineChart, PALETTE, Svg};
use super::csv::{Field, write_row};
use super::texts::{OpsTexts, texts};
use super::{Tabs, page_href};
use crate::console::format::duration;
use crate::console::i18n::Lang;
use crate::console::render::{Chrome, html_with_status};
use crate::console::session::Viewer;
use crate::console::views::channel_label;
use crate::domain::event::Channel;
use crate::domain::figures::{Durations, Period, Report, Spread, Summary};
use crate::domain::page::PageFile;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::PageAdmin;
use crate::stats::{self, Asked, PageFigures, RangeError, StatsError};

/// The range when none is given: the last 30 days, today included.
pub const DEFAULT_DAYS: u64 = 30;
/// Entries the FAQ chart shows; the table lists them all.
const FAQ_BARS: usize = 15;

/// The form as sent (empty fields: the defaults).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatsForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub channel: String,
}

/// What is wrong with the form, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: &'static str,
}

impl StatsForm {
    /// What the form asks for, or the first field it cannot mean.
    pub fn asked(&self, o: &'static OpsTexts) -> Result<Asked, Problem> {
        let day = |field: &'static str, text: &str| -> Result<Option<NaiveDate>, Problem> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| Problem {
                    field,
                    message: o.range_unreadable,
                })
        };
        let channel = match self.channel.trim() {
            "" | "all" => None,
            text => Some(
                serde_json::from_value::<Channel>(serde_json::Value::String(text.to_owned()))
                    .map_err(|_| Problem {
                        field: "channel",
                        message: o.channel_unknown,
                    })?,
            ),
        };
        Ok(Asked {
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            channel,
            default_days: DEFAULT_DAYS,
        })
    }
}

fn range_problem(error: RangeError, o: &'static OpsTexts) -> Problem {
    match error {
        RangeError::FromAfterTo => Problem {
            field: "from",
            message: o.range_from_after_to,
        },
        RangeError::TooLong => Problem {
            field: "from",
            message: o.range_too_long,
        },
        RangeError::OutOfYears { field } => Problem {
            field,
            message: o.range_years,
        },
    }
}

/// One entry of a chart's legend (its colour by class, `ops.css`).
pub struct LegendItem {
    pub name: &'static str,
    pub class: String,
}

/// A chart, its legend and its numbers.
pub struct ChartView {
    pub id: &'static str,
    pub title: &'static str,
    /// `None`: it could not be drawn (the table still shows the numbers).
    pub svg: Option<Svg>,
    pub legend: Vec<LegendItem>,
    pub columns: Vec<&'static str>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// One line of the totals table.
pub struct TotalRow {
    pub channel: &'static str,
    pub received: u64,
    pub answered_by_faq: u64,
    pub acknowledged: u64,
    pub escalated: u64,
    pub first_response: [String; 4],
    pub first_responses: usize,
    pub resolution: [String; 4],
    pub resolutions: usize,
    pub latency: String,
}

impl TotalRow {
    fn of(channel: &'static str, summary: &Summary) -> Self {
        TotalRow {
            channel,
            received: summary.received,
            answered_by_faq: summary.answered_by_faq,
            acknowledged: summary.acknowledged,
            escalated: summary.escalated,
            first_response: spreads_text(summary, first_response),
            first_responses: summary.first_response.wall.count,
            resolution: spreads_text(summary, resolution),
            resolutions: summary.resolution.wall.count,
            latency: latency_text(summary.auto_reply_latency_p95_ms),
        }
    }
}

/// What the page shows of the figures.
pub struct FiguresView {
    pub charts: Vec<ChartView>,
    /// FAQ answers per entry, the most answered first (`None`: no answers).
    pub faq_svg: Option<Svg>,
    pub totals: Vec<TotalRow>,
    pub faq: Vec<(String, u64)>,
    pub csv_href: String,
    pub empty: bool,
}

#[derive(Template)]
#[template(path = "console/ops/stats.html")]
pub struct StatsPage<'a> {
    chrome: Chrome<'a>,
    o: &'static OpsTexts,
    tabs: Tabs,
    form: &'a StatsForm,
    /// The range shown (the defaults filled in), for the form's fields.
    shown_from: String,
    shown_to: String,
    problem: Option<Problem>,
    figures: Option<FiguresView>,
}

impl<'a> StatsPage<'a> {
    /// The page: the figures when there are some to show, else the form with its problem.
    pub fn new(
        viewer: &'a Viewer,
        page: &PageFile,
        form: &'a StatsForm,
        figures: Result<&PageFigures, Problem>,
    ) -> Self {
        let o = texts(viewer.lang);
        let (shown_from, shown_to) = match &figures {
            Ok(figures) => (figures.range.from.to_string(), figures.range.to.to_string()),
            Err(_) => (form.from.trim().to_owned(), form.to.trim().to_owned()),
        };
        StatsPage {
            chrome: Chrome::of(viewer, o.figures),
            o,
            tabs: Tabs::new(&page.id, &page.name, "stats"),
            form,
            shown_from,
            shown_to,
            problem: figures.as_ref().err().copied(),
            figures: figures
                .ok()
                .map(|figures| view(figures, &page.id, o, viewer.lang)),
        }
    }

    fn invalid(&self, field: &str) -> bool {
        self.problem.is_some_and(|p| p.field == field)
    }
}

/// `GET /console/pages/{id}/stats`.
pub async fn page(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    form: web::Query<StatsForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let o = texts(viewer.lang);
    let figures = match form.asked(o) {
        Ok(asked) => {
            match stats::page_figures(
                &state.store,
                &state.pages,
                &page.id,
                &asked,
                state.clock.now(),
            )
            .await
            {
                Ok(figures) => Ok(figures),
                Err(StatsError::Range(error)) => Err(range_problem(error, o)),
                Err(StatsError::Store(error)) => return Err(error.into()),
            }
        }
        Err(problem) => Err(problem),
    };
    let status = match figures {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::BAD_REQUEST,
    };
    let shown = StatsPage::new(&viewer, &page, &form, figures.as_ref().map_err(|p| *p));
    Ok(html_with_status(&shown, status))
}

/// `GET /console/pages/{id}/stats.csv`: the numbers per day and channel.
pub async fn csv(
    viewer: Viewer,
    PageAdmin { page, .. }: PageAdmin,
    form: web::Query<StatsForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let o = texts(viewer.lang);
    let refused = |problem: Problem| ApiError::BadRequest(problem.message.to_owned());
    let asked = form.asked(o).map_err(refused)?;
    let figures = stats::page_figures(
        &state.store,
        &state.pages,
        &page.id,
        &asked,
        state.clock.now(),
    )
    .await
    .map_err(|error| match error {
        StatsError::Range(error) => refused(range_problem(error, o)),
        StatsError::Store(error) => error.into(),
    })?;
    let name: String = format!(
        "frontdesk-{}-{}-{}.csv",
        page.id, figures.range.from, figures.range.to
    )
    .chars()
    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
    .collect();
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .body(csv_of(&figures)))
}

/// The CSV columns before the FAQ entries' (one `faq:<entry>` column each).
pub const CSV_COLUMNS: [&str; 17] = [
    "day",
    "channel",
    "received",
    "answered_by_faq",
    "acknowledged",
    "escalated",
    "first_response_count",
    "first_response_median_wall_s",
    "first_response_p90_wall_s",
    "first_response_median_working_s",
    "first_response_p90_working_s",
    "resolution_count",
    "resolution_median_wall_s",
    "resolution_p90_wall_s",
    "resolution_median_working_s",
    "resolution_p90_working_s",
    "auto_reply_latency_p95_ms",
];

/// The figures per day and channel as CSV (days without figures left out).
pub fn csv_of(figures: &PageFigures) -> String {
    let entries: Vec<&String> = figures.overall.faq_answers.keys().collect();
    let mut out = String::new();
    let faq_columns: Vec<String> = entries.iter().map(|e| format!("faq:{e}")).collect();
    let header: Vec<Field<'_>> = CSV_COLUMNS
        .iter()
        .map(|c| Field::Text(c))
        .chain(faq_columns.iter().map(|c| Field::Text(c)))
        .collect();
    write_row(&mut out, &header);
    for report in &figures.days {
        let Report {
            channel, summary, ..
        } = report;
        let day = match report.period {
            Period::Day { day } => day.to_string(),
            Period::Days { from, .. } => from.to_string(),
        };
        let spread = |s: &Spread| {
            [
                Field::Number(s.median_seconds),
                Field::Number(s.p90_seconds),
            ]
        };
        let mut row = vec![
            Field::Text(&day),
            Field::Text(channel.as_str()),
            Field::Count(summary.received),
            Field::Count(summary.answered_by_faq),
            Field::Count(summary.acknowledged),
            Field::Count(summary.escalated),
            Field::Count(summary.first_response.wall.count as u64),
        ];
        row.extend(spread(&summary.first_response.wall));
        row.extend(spread(&summary.first_response.business_hours));
        row.push(Field::Count(summary.resolution.wall.count as u64));
        row.extend(spread(&summary.resolution.wall));
        row.extend(spread(&summary.resolution.business_hours));
        row.push(Field::Whole(summary.auto_reply_latency_p95_ms));
        row.extend(
            entries
                .iter()
                .map(|e| Field::Count(summary.faq_answers.get(*e).copied().unwrap_or(0))),
        );
        write_row(&mut out, &row);
    }
    out
}

fn first_response(summary: &Summary) -> &Durations {
    &summary.first_response
}

fn resolution(summary: &Summary) -> &Durations {
    &summary.resolution
}

/// "12 min", "3 h 5 min" or "—".
fn seconds_text(seconds: Option<f64>) -> String {
    match seconds {
        Some(s) if s.is_finite() => duration(Duration::milliseconds((s * 1000.0) as i64)),
        _ => "—".to_owned(),
    }
}

fn latency_text(ms: Option<i64>) -> String {
    ms.map_or_else(
        || "—".to_owned(),
        |ms| format!("{:.1} s", ms as f64 / 1000.0),
    )
}

/// Median and p90, wall clock then working hours.
fn spreads_text(summary: &Summary, of: fn(&Summary) -> &Durations) -> [String; 4] {
    let durations = of(summary);
    [
        seconds_text(durations.wall.median_seconds),
        seconds_text(durations.wall.p90_seconds),
        seconds_text(durations.business_hours.median_seconds),
        seconds_text(durations.business_hours.p90_seconds),
    ]
}

fn day_label(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => day.format("%-d %b").to_string(),
        Lang::Cs => day.format("%-d.%-m.").to_string(),
    }
}

fn legend(names: &[&'static str], dashed: &[bool]) -> Vec<LegendItem> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| LegendItem {
            name,
            class: format!(
                "swatch swatch-{}{}",
                i % PALETTE.len(),
                if dashed.get(i).copied().unwrap_or(false) {
                    " dashed"
                } else {
                    ""
                }
            ),
        })
        .collect()
}

fn drawn(svg: Result<Svg, charts::ChartError>) -> Option<Svg> {
    match svg {
        Ok(svg) => Some(svg),
        Err(error) => {
            tracing::error!(%error, "a chart could not be drawn");
            None
        }
    }
}

/// Builds what the page shows from the figures (the charts are drawn here).
pub fn view(figures: &PageFigures, page_id: &str, o: &'static OpsTexts, lang: Lang) -> FiguresView {
    let labels: Vec<String> = figures
        .daily
        .iter()
        .map(|(day, _)| day_label(*day, lang))
        .collect();
    let range = format!("{} – {}", figures.range.from, figures.range.to);
    let overall = &figures.overall;
    let mut charts = vec![messages_chart(figures, &labels, &range, o)];
    for (id, title, of, counted) in [
        (
            "first-response",
            o.first_response_chart,
            first_response as fn(&Summary) -> &Durations,
            o.answered,
        ),
        ("resolution", o.resolution_chart, resolution, o.resolved),
    ] {
        charts.push(durations_chart(
            figures, &labels, &range, o, id, title, of, counted,
        ));
    }
    charts.push(latency_chart(figures, &labels, &range, o));
    let mut faq: Vec<(String, u64)> = overall
        .faq_answers
        .iter()
        .map(|(entry, n)| (entry.clone(), *n))
        .collect();
    faq.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut totals: Vec<TotalRow> = figures
        .totals
        .iter()
        .map(|report| TotalRow::of(channel_label(report.channel), &report.summary))
        .collect();
    if totals.len() > 1 {
        totals.push(TotalRow::of(o.total, overall));
    }
    let mut query = format!("?from={}&to={}", figures.range.from, figures.range.to);
    if let Some(channel) = figures.channel {
        query.push_str("&channel=");
        query.push_str(channel.as_str());
    }
    FiguresView {
        empty: figures.days.is_empty(),
        faq_svg: faq_chart(&faq, o),
        charts,
        totals,
        faq,
        csv_href: format!("{}/stats.csv{query}", page_href(page_id)),
    }
}

/// The FAQ chart, drawn only when there are answers.
fn faq_chart(faq: &[(String, u64)], o: &'static OpsTexts) -> Option<Svg> {
    if faq.is_empty() {
        return None;
    }
    let shown = &faq[..faq.len().min(FAQ_BARS)];
    let description = shown
        .iter()
        .map(|(entry, n)| format!("{entry}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    drawn(charts::bar_chart("faq", o.faq_chart, &description, shown))
}

fn messages_chart(
    figures: &PageFigures,
    labels: &[String],
    range: &str,
    o: &'static OpsTexts,
) -> ChartView {
    let names = [o.received, o.answered_by_faq, o.acknowledged, o.escalated];
    let counts = |s: &Summary| [s.received, s.answered_by_faq, s.acknowledged, s.escalated];
    let overall = counts(&figures.overall);
    let description = format!(
        "{range}: {}",
        names
            .iter()
            .zip(overall)
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let lines = (0..names.len())
        .map(|i| Line {
            name: names[i],
            values: figures
                .daily
                .iter()
                .map(|(_, s)| Some(counts(s)[i] as f64))
                .collect(),
            dashed: false,
        })
        .collect();
    let svg = drawn(charts::line_chart(&LineChart {
        id: "messages",
        title: o.messages_chart,
        description: &description,
        days: labels,
        lines,
        y_format: |v| format!("{v:.0}"),
    }));
    ChartView {
        id: "messages",
        title: o.messages_chart,
        svg,
        legend: legend(&names, &[]),
        columns: names.to_vec(),
        rows: figures
            .daily
            .iter()
            .map(|(day, s)| {
                (
                    day.to_string(),
                    counts(s).iter().map(u64::to_string).collect(),
                )
            })
            .collect(),
    }
}

/// A duration series' values in the unit its largest value reads best in.
fn in_unit(seconds: &[Option<f64>]) -> (f64, fn(f64) -> String) {
    let top = seconds.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
    if top >= 2.0 * 3600.0 {
        (3600.0, |v| format!("{v:.1} h"))
    } else if top >= 120.0 {
        (60.0, |v| format!("{v:.0} min"))
    } else {
        (1.0, |v| format!("{v:.0} s"))
    }
}

#[allow(clippy::too_many_arguments)]
fn durations_chart(
    figures: &PageFigures,
    labels: &[String],
    range: &str,
    o: &'static OpsTexts,
    id: &'static str,
    title: &'static str,
    of: fn(&Summary) -> &Durations,
    counted: &'static str,
) -> ChartView {
    let names = [o.median_wall, o.p90_wall, o.median_working, o.p90_working];
    let spreads = |s: &Summary| {
        let d = of(s);
        [
            d.wall.median_seconds,
            d.wall.p90_seconds,
            d.business_hours.median_seconds,
            d.business_hours.p90_seconds,
        ]
    };
    let all: Vec<Option<f64>> = figures.daily.iter().flat_map(|(_, s)| spreads(s)).collect();
    let (unit, y_format) = in_unit(&all);
    let overall = spreads_text(&figures.overall, of);
    let description = format!(
        "{range}: {counted} {}; {}",
        of(&figures.overall).wall.count,
        names
            .iter()
            .zip(&overall)
            .map(|(name, v)| format!("{name} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let lines = (0..names.len())
        .map(|i| Line {
            name: names[i],
            values: figures
                .daily
                .iter()
                .map(|(_, s)| spreads(s)[i].map(|v| v / unit))
                .collect(),
            dashed: i % 2 == 1,
        })
        .collect();
    let svg = drawn(charts::line_chart(&LineChart {
        id,
        title,
        description: &description,
        days: labels,
        lines,
        y_format,
    }));
    let mut columns = vec![o.count];
    columns.extend(names);
    ChartView {
        id,
        title,
        svg,
        legend: legend(&names, &[false, true, false, true]),
        columns,
        rows: figures
            .daily
            .iter()
            .map(|(day, s)| {
                let mut cells = vec![of(s).wall.count.to_string()];
                cells.extend(spreads_text(s, of));
                (day.to_string(), cells)
            })
            .collect(),
    }
}

fn latency_chart(
    figures: &PageFigures,
    labels: &[String],
    range: &str,
    o: &'static OpsTexts,
) -> ChartView {
    let seconds: Vec<Option<f64>> = figures
        .daily
        .iter()
        .map(|(_, s)| s.auto_reply_latency_p95_ms.map(|ms| ms as f64 / 1000.0))
        .collect();
    let description = format!(
        "{range}: {} {}",
        o.latency,
        latency_text(figures.overall.auto_reply_latency_p95_ms)
    );
    let svg = drawn(charts::line_chart(&LineChart {
        id: "latency",
        title: o.latency_chart,
        description: &description,
        days: labels,
        lines: vec![Line {
            name: o.latency,
            values: seconds,
            dashed: false,
        }],
        y_format: |v| format!("{v:.1} s"),
    }));
    ChartView {
        id: "latency",
        title: o.latency_chart,
        svg,
        legend: legend(&[o.latency_chart], &[]),
        columns: vec![o.latency],
        rows: figures
            .daily
            .iter()
            .map(|(day, s)| {
                (
                    day.to_string(),
                    vec![latency_text(s.auto_reply_latency_p95_ms)],
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::{DayFigures, DayKey, Figure};
    use crate::stats::{Range, summarize};

    fn viewer(lang: Lang) -> Viewer {
        Viewer {
            name: "Eva".into(),
            role: crate::access::Role::Admin,
            lang,
            csrf: "c".into(),
        }
    }

    fn page() -> PageFile {
        PageFile::from_toml(include_str!("../../../responses/pages/example.toml")).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn figures() -> PageFigures {
        let mut figures = DayFigures::default();
        for figure in [
            Figure::Received,
            Figure::Received,
            Figure::AnsweredByFaq {
                entry: "<b>shipping</b>".into(),
            },
            Figure::Escalated,
            Figure::FirstResponse {
                wall_ms: 90 * 60_000,
                business_ms: 30 * 60_000,
            },
            Figure::AutoReplyLatency { ms: 1_500 },
        ] {
            figures.add(&figure);
        }
        let key = DayKey {
            page_id: "1".into(),
            channel: Channel::Messenger,
            day: day("2026-11-23"),
        };
        let range = Range {
            from: day("2026-11-22"),
            to: day("2026-11-24"),
        };
        summarize("1", range, None, vec![(key, figures)])
    }

    #[test]
    fn the_page_draws_each_chart_beside_its_table() {
        let (viewer, page, form) = (viewer(Lang::En), page(), StatsForm::default());
        let figures = figures();
        let html = StatsPage::new(&viewer, &page, &form, Ok(&figures))
            .render()
            .unwrap();
        for id in ["messages", "first-response", "resolution", "latency", "faq"] {
            assert!(
                html.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")),
                "{id} chart"
            );
            assert!(html.contains(&format!("id=\"{id}-table\"")), "{id} table");
        }
        assert!(html.contains("<svg class=\"chart\""), "inserted as markup");
        assert!(
            html.contains(
                "<th scope=\"row\">2026-11-23</th><td>2</td><td>1</td><td>0</td><td>1</td>"
            )
        );
        assert!(
            html.contains("<td>1 h 30 min</td>"),
            "the first response's median"
        );
        assert!(html.contains("<td>1.5 s</td>"), "the latency");
        assert!(!html.contains("<b>shipping"), "an entry id is text: {html}");
        assert!(
            html.contains("stats.csv?from=2026-11-22&#38;to=2026-11-24")
                || html.contains("stats.csv?from=2026-11-22&amp;to=2026-11-24")
        );
        assert!(
            html.contains("value=\"2026-11-22\""),
            "the range in the form"
        );
        assert!(!html.contains("aria-invalid"));
    }

    #[test]
    fn a_refused_range_is_said_beside_its_field_in_czech() {
        let (viewer, page) = (viewer(Lang::Cs), page());
        let form = StatsForm {
            from: "2026-11-25".into(),
            to: "2026-11-24".into(),
            channel: String::new(),
        };
        let o = texts(Lang::Cs);
        let problem = range_problem(RangeError::FromAfterTo, o);
        let html = StatsPage::new(&viewer, &page, &form, Err(problem))
            .render()
            .unwrap();
        assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"from-error\""));
        assert!(
            html.contains("id=\"from-error\" role=\"alert\">První den nesmí být po posledním.")
        );
        assert!(!html.contains("<svg"), "no charts");
        assert_eq!(
            StatsForm {
                from: "24.11.2026".into(),
                ..StatsForm::default()
            }
            .asked(o),
            Err(Problem {
                field: "from",
                message: o.range_unreadable
            })
        );
        assert_eq!(
            StatsForm {
                channel: "fax".into(),
                ..StatsForm::default()
            }
            .asked(o)
            .unwrap_err()
            .field,
            "channel"
        );
    }

    #[test]
    fn the_csv_has_a_row_per_day_and_channel_and_a_column_per_entry() {
        let csv = csv_of(&figures());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "header, one day, the final line end: {csv}");
        assert!(lines[0].starts_with("day,channel,received,"));
        assert!(lines[0].ends_with(",auto_reply_latency_p95_ms,faq:<b>shipping</b>"));
        assert_eq!(
            lines[1],
            "2026-11-23,messenger,2,1,0,1,1,5400.000,5400.000,1800.000,1800.000,0,,,,,1500,1"
        );
    }
}
