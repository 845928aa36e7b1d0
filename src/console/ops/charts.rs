//! Server-rendered SVG charts (plotters with its SVG backend only): a line chart of daily
//! values and a bar chart of named counts. Each SVG is an image with its `<title>` and
//! `<desc>` (`role="img"`, labelled by both), so a screen reader reads what it shows; the page
//! puts the numbers in a table beside it. The legend is the page's (HTML), in the same colour
//! order (`PALETTE`), so it never covers the lines.
//!
//! Text in the chart (axis labels, names) is escaped by the SVG backend; the title and the
//! description are escaped here, so `Svg` is markup a template may insert as it is.

use std::fmt;

use plotters::prelude::*;

/// Colours that stay apart for colour-blind readers (Okabe and Ito), darkened for contrast
/// on white; the page's legend uses the same order (`ops.css`, `.swatch-0` …).
pub const PALETTE: [RGBColor; 5] = [
    RGBColor(0, 92, 153),
    RGBColor(191, 117, 0),
    RGBColor(0, 120, 86),
    RGBColor(184, 64, 0),
    RGBColor(125, 70, 130),
];

const WIDTH: u32 = 720;
const HEIGHT: u32 = 260;
/// Beyond this many days a line has no dots on it (they would merge).
const DOTS_UP_TO: usize = 45;

/// Chart markup made here: numbers and escaped text only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg(String);

impl Svg {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Askama inserts it unescaped: everything in it was escaped when it was drawn.
impl askama::filters::HtmlSafe for Svg {}

#[derive(Debug, thiserror::Error)]
#[error("drawing a chart: {0}")]
pub struct ChartError(String);

fn failed(error: impl fmt::Debug) -> ChartError {
    ChartError(format!("{error:?}"))
}

/// One line: a value per day (`None`: nothing that day, a gap in the line).
pub struct Line<'a> {
    pub name: &'a str,
    pub values: Vec<Option<f64>>,
    /// Dashed (a percentile beside its median).
    pub dashed: bool,
}

/// A chart of daily values.
pub struct LineChart<'a> {
    /// Distinguishes the chart's `<title>` and `<desc>` ids on the page.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// A label per day (the x axis).
    pub days: &'a [String],
    pub lines: Vec<Line<'a>>,
    /// How a value on the y axis is written.
    pub y_format: fn(f64) -> String,
}

/// Draws a line chart.
pub fn line_chart(chart: &LineChart<'_>) -> Result<Svg, ChartError> {
    let days = chart.days.len().max(1);
    let last_day = i32::try_from(days - 1).map_err(failed)?;
    let top = chart
        .lines
        .iter()
        .flat_map(|line| line.values.iter().flatten())
        .fold(
            0.0_f64,
            |top, v| if v.is_finite() { top.max(*v) } else { top },
        );
    let top = if top > 0.0 { top * 1.1 } else { 1.0 };
    let mut markup = String::new();
    {
        let root = SVGBackend::with_string(&mut markup, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        // Room on the right for the last day's label, centred on the last tick.
        let mut plot = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(28)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(0..last_day.max(1), 0.0..top)
            .map_err(failed)?;
        let labels = chart.days;
        let x_format = |x: &i32| {
            usize::try_from(*x)
                .ok()
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let y_format = |y: &f64| (chart.y_format)(*y);
        plot.configure_mesh()
            .x_labels(days.min(10))
            .y_labels(6)
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(224, 224, 224))
            .axis_style(RGBColor(117, 117, 117))
            .label_style(("sans-serif", 13).into_font().color(&RGBColor(60, 60, 60)))
            .draw()
            .map_err(failed)?;
        for (index, line) in chart.lines.iter().enumerate() {
            let colour = PALETTE[index % PALETTE.len()];
            let style = colour.stroke_width(2);
            for run in runs(&line.values) {
                if line.dashed {
                    plot.draw_series(DashedLineSeries::new(run.clone(), 6, 4, style))
                        .map_err(failed)?;
                } else {
                    plot.draw_series(LineSeries::new(run.clone(), style))
                        .map_err(failed)?;
                }
                if run.len() == 1 || days <= DOTS_UP_TO {
                    plot.draw_series(
                        run.iter()
                            .map(|point| Circle::new(*point, 3, colour.filled())),
                    )
                    .map_err(failed)?;
                }
            }
        }
        root.present().map_err(failed)?;
    }
    Ok(labelled(markup, chart.id, chart.title, chart.description))
}

/// Consecutive days that have a value, as points.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(i32, f64)>> {
    let mut runs: Vec<Vec<(i32, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (day, value) in values.iter().enumerate() {
        match (value.filter(|v| v.is_finite()), i32::try_from(day)) {
            (Some(value), Ok(day)) => current.push((day, value)),
            _ => {
                if !current.is_empty() {
                    runs.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// A chart of named counts, largest first, as horizontal bars.
pub fn bar_chart(
    id: &str,
    title: &str,
    description: &str,
    bars: &[(String, u64)],
) -> Result<Svg, ChartError> {
    let count = i32::try_from(bars.len().max(1)).map_err(failed)?;
    let top = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64 * 1.1;
    let height = 60 + 26 * u32::try_from(bars.len().max(1)).map_err(failed)?;
    let mut markup = String::new();
    {
        let root = SVGBackend::with_string(&mut markup, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut plot = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(180)
            .build_cartesian_2d(0.0..top, 0..count)
            .map_err(failed)?;
        let name_of = |y: &i32| {
            usize::try_from(*y)
                .ok()
                .and_then(|i| bars.get(i))
                .map(|(name, _)| shorten(name, 26))
                .unwrap_or_default()
        };
        plot.configure_mesh()
            .disable_y_mesh()
            .y_labels(bars.len().max(1))
            .y_label_formatter(&name_of)
            .x_labels(6)
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(224, 224, 224))
            .axis_style(RGBColor(117, 117, 117))
            .label_style(("sans-serif", 13).into_font().color(&RGBColor(60, 60, 60)))
            .draw()
            .map_err(failed)?;
        plot.draw_series(bars.iter().enumerate().filter_map(|(i, (_, n))| {
            let i = i32::try_from(i).ok()?;
            // The bar sits on its label: from a little below the tick to a little above.
            Some(Rectangle::new(
                [(0.0, i), (*n as f64, i + 1)],
                PALETTE[0].filled(),
            ))
        }))
        .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(labelled(markup, id, title, description))
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Makes the drawn SVG an image labelled by its title and description.
fn labelled(markup: String, id: &str, title: &str, description: &str) -> Svg {
    let id = escape(id);
    let Some(body) = markup.strip_prefix("<svg ") else {
        return Svg(markup);
    };
    let Some(end) = body.find('>') else {
        return Svg(markup);
    };
    let (attributes, rest) = body.split_at(end);
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    Svg(format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" {attributes}>\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{rest}",
        escape(title),
        escape(description)
    ))
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(n: usize) -> Vec<String> {
        (1..=n).map(|d| format!("{d}.11.")).collect()
    }

    #[test]
    fn a_line_chart_is_an_image_with_its_title_description_and_lines() {
        let labels = days(3);
        let svg = line_chart(&LineChart {
            id: "messages",
            title: "Messages <per day>",
            description: "Received 5 & answered 2",
            days: &labels,
            lines: vec![
                Line {
                    name: "received",
                    values: vec![Some(1.0), Some(3.0), Some(1.0)],
                    dashed: false,
                },
                Line {
                    name: "p90",
                    values: vec![Some(2.0), None, Some(2.5)],
                    dashed: true,
                },
            ],
            y_format: |v| format!("{v:.0}"),
        })
        .unwrap();
        let svg = svg.as_str();
        assert!(
            svg.starts_with(
                "<svg class=\"chart\" role=\"img\" aria-labelledby=\"messages-title messages-desc\""
            ),
            "{svg}"
        );
        assert!(svg.contains("<title id=\"messages-title\">Messages &lt;per day&gt;</title>"));
        assert!(svg.contains("<desc id=\"messages-desc\">Received 5 &amp; answered 2</desc>"));
        assert!(svg.contains("viewBox=\"0 0 720 260\""));
        assert!(svg.contains(">\n2.11.\n</text>"), "day labels: {svg}");
        assert!(svg.contains("<polyline"), "a line");
        assert!(svg.ends_with("</svg>\n"), "{svg}");
        assert!(
            !svg.contains("style="),
            "no inline styles (the CSP forbids them)"
        );
    }

    #[test]
    fn gaps_split_a_line_and_lone_days_still_show() {
        assert_eq!(
            runs(&[Some(1.0), None, Some(2.0), Some(3.0), None, Some(f64::NAN)]),
            vec![vec![(0, 1.0)], vec![(2, 2.0), (3, 3.0)]]
        );
        assert!(runs(&[None, None]).is_empty());
        let labels = days(1);
        let single = line_chart(&LineChart {
            id: "one",
            title: "One day",
            description: "",
            days: &labels,
            lines: vec![Line {
                name: "x",
                values: vec![None],
                dashed: false,
            }],
            y_format: |v| format!("{v}"),
        });
        assert!(single.is_ok(), "an empty day draws an empty chart");
    }

    #[test]
    fn bar_labels_are_escaped_text() {
        let svg = bar_chart(
            "faq",
            "FAQ",
            "answers per entry",
            &[
                ("<script>alert(1)</script>".into(), 4),
                ("shipping".into(), 2),
            ],
        )
        .unwrap();
        let svg = svg.as_str();
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script"), "{svg}");
        assert!(svg.contains("<rect"));
        assert!(bar_chart("faq", "FAQ", "", &[]).is_ok());
    }
}
