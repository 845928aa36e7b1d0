//! `frontdesk faq eval`: how a page's FAQ does on labelled messages, printed. The figures that
//! matter are accuracy on answerable messages and how often it answers what needed a person;
//! both are given per group (a `# --- <name>` line starts a group, e.g. one per language), with
//! the matcher's time per message. The evaluation itself is `crate::faq_eval`, which the
//! console shares.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Subcommand;

use crate::faq_eval::{Counts, Report, evaluate, parse};
use crate::pages::read_page_file;

#[derive(Subcommand)]
pub enum FaqCommand {
    /// Measure the FAQ on labelled messages (`<entry or none><TAB><message>` lines).
    Eval {
        /// A page file (*.toml).
        page: PathBuf,
        file: PathBuf,
        /// List every message that went wrong.
        #[arg(long)]
        verbose: bool,
        /// List every message with its verdict and scores.
        #[arg(long)]
        all: bool,
        /// Try another threshold than the page's.
        #[arg(long)]
        threshold: Option<f32>,
        /// Try another margin than the page's.
        #[arg(long)]
        margin: Option<f32>,
        /// Try another coverage than the page's.
        #[arg(long)]
        coverage: Option<f32>,
    },
}

/// `frontdesk faq eval`: the page file's FAQ (with the thresholds tried) on a labelled file.
pub fn run(command: FaqCommand) -> anyhow::Result<()> {
    let FaqCommand::Eval {
        page,
        file,
        verbose,
        all,
        threshold,
        margin,
        coverage,
    } = command;
    let mut page = read_page_file(&page)?;
    if let Some(faq) = page.faq.as_mut() {
        faq.threshold = threshold.unwrap_or(faq.threshold);
        faq.margin = margin.unwrap_or(faq.margin);
        faq.coverage = coverage.unwrap_or(faq.coverage);
    }
    let page = page.validate()?;
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let labelled = parse(&text)?;
    let report = evaluate(&page, &labelled);
    if all {
        print!("{}", render_lines(&report));
    }
    print!("{}", render(&report, verbose));
    Ok(())
}

/// Every line with its verdict and scores.
fn render_lines(report: &Report) -> String {
    let mut out = String::new();
    for line in &report.lines {
        let _ = writeln!(out, "{:<16} {:<60} {}", line.expected, line.got, line.text);
    }
    out
}

/// The table per group, the totals and the matcher's time per message; with `verbose`,
/// every message that went wrong.
fn render(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<8} {:>5} {:>7} {:>7} {:>9} {:>7} {:>12}",
        "group", "answ.", "right", "wrong", "abstained", "escal.", "esc.answered"
    );
    let line = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{:<8} {:>5} {:>6.1}% {:>6.1}% {:>8.1}% {:>7} {:>4} {:>6.1}%",
            name,
            c.answerable,
            100.0 * c.accuracy(),
            100.0 * c.wrong_answer_rate(),
            100.0 * c.abstained_rate(),
            c.escalate_only,
            c.escalate_answered,
            100.0 * c.escalate_answered_rate()
        );
    };
    for (name, counts) in &report.groups {
        line(&mut out, name, counts);
    }
    line(&mut out, "all", &report.total);
    let _ = writeln!(
        out,
        "answerable messages:      {:>4}  answered right {:>5.1} %  answered wrong {:>4.1} %",
        report.total.answerable,
        100.0 * report.accuracy(),
        100.0 * report.wrong_answer_rate()
    );
    let _ = writeln!(
        out,
        "must reach a person:      {:>4}  answered anyway {:>4.1} %",
        report.total.escalate_only,
        100.0 * report.escalate_answered_rate()
    );
    if let Some(max) = report.latencies.last() {
        let total: Duration = report.latencies.iter().sum();
        let mean = total / u32::try_from(report.latencies.len()).unwrap_or(u32::MAX);
        let p99 = report.latencies[(report.latencies.len() - 1) * 99 / 100];
        let _ = writeln!(
            out,
            "time per message:         mean {:.1} µs  p99 {:.1} µs  max {:.1} µs{}",
            micros(mean),
            micros(p99),
            micros(*max),
            if cfg!(debug_assertions) {
                " (debug build: use --release for real figures)"
            } else {
                ""
            }
        );
    }
    if verbose {
        for mistake in report.mistakes() {
            let _ = writeln!(
                out,
                "  expected {:<16} got {:<40} {}",
                mistake.expected, mistake.got, mistake.text
            );
        }
    }
    out
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::page::{FaqFile, PageFile};
    use crate::faq_eval::{evaluate, parse};

    #[test]
    fn the_report_has_a_line_per_group_the_totals_and_the_mistakes() {
        let mut page = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .expect("the example page");
        page.faq = Some(
            FaqFile::from_toml(include_str!("../../responses/faq/eshop.toml")).expect("the FAQ"),
        );
        let page = page.validate().expect("a valid page");
        let messages =
            parse("# --- cs\ndelivery\tkolik stoji doprava\n# --- en\nreturns\tthe weather?\n")
                .expect("parses");
        let report = evaluate(&page, &messages);
        let text = render(&report, true);
        assert!(text.contains("\ncs "), "{text}");
        assert!(text.contains("\nen "), "{text}");
        assert!(text.contains("\nall "), "{text}");
        assert!(text.contains("time per message"), "{text}");
        assert!(text.contains("expected returns"), "{text}");
        assert_eq!(render_lines(&report).lines().count(), 2);
    }

    fn page(faq: &str) -> crate::domain::page::Page {
        let mut page = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .expect("the example page");
        page.faq = Some(FaqFile::from_toml(faq).expect("the FAQ"));
        page.validate().expect("a valid page")
    }

    fn labelled() -> Vec<crate::faq_eval::Labelled> {
        [
            include_str!("../../tests/faq/labelled-1.tsv"),
            include_str!("../../tests/faq/labelled-2.tsv"),
            include_str!("../../tests/faq/labelled-3.tsv"),
        ]
        .iter()
        .flat_map(|text| parse(text).expect("a labelled set"))
        .collect()
    }

    /// The floors the matcher reached on the committed labelled sets (issue 16): a change
    /// that answers fewer of them right, or more of what must reach a person, fails here.
    #[test]
    fn the_labelled_sets_stay_above_the_achieved_floor() {
        let messages = labelled();
        assert!(messages.len() >= 600, "{}", messages.len());
        let shipped = evaluate(
            &page(include_str!("../../responses/faq/eshop.toml")),
            &messages,
        );
        let plain = evaluate(
            &page(include_str!("../../tests/faq/plain-faq.toml")),
            &messages,
        );
        let report = |r: &Report| render(r, true);
        assert!(shipped.accuracy() >= SHIPPED_RIGHT, "{}", report(&shipped));
        assert!(
            shipped.escalate_answered_rate() <= SHIPPED_ESCALATE_ANSWERED,
            "{}",
            report(&shipped)
        );
        assert!(plain.accuracy() >= PLAIN_RIGHT, "{}", report(&plain));
        assert!(
            plain.escalate_answered_rate() <= PLAIN_ESCALATE_ANSWERED,
            "{}",
            report(&plain)
        );
    }

    // Reached on sets 1-3 (376 answerable, 253 must reach a person): shipped 92.3 % right and
    // 2.0 % of the must-escalate answered, plain 83.8 % and 1.2 %.
    const SHIPPED_RIGHT: f64 = 0.92;
    const SHIPPED_ESCALATE_ANSWERED: f64 = 0.025;
    const PLAIN_RIGHT: f64 = 0.83;
    const PLAIN_ESCALATE_ANSWERED: f64 = 0.015;
}
