//! `frontdesk faq eval`: how a page's FAQ does on labelled messages. The figures that matter
//! are accuracy on answerable messages and how often it answers what needed a person; both
//! are given per group (a `# --- <name>` line starts a group, e.g. one per language), with the
//! matcher's time per message.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Subcommand;

use crate::domain::faq::Verdict;
use crate::domain::page::Page;
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
    let labelled = parse(&text).map_err(anyhow::Error::msg)?;
    let report = evaluate(&page, &labelled);
    if all {
        print!("{}", report.render_lines());
    }
    print!("{}", report.render(verbose));
    Ok(())
}

/// One labelled message: the entry it asks about, or `None` when it must reach a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub expected: Option<String>,
    pub text: String,
    /// The group it is reported in: the first word of the last `# --- <name> …` line before it.
    pub group: String,
}

/// Reads `<entry or none>\t<message>` lines; `#` starts a comment line, and `# --- <name>`
/// starts a group.
pub fn parse(text: &str) -> Result<Vec<Labelled>, String> {
    let mut group = String::from("all");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(name) = line.strip_prefix("# ---") {
            group = name.split_whitespace().next().unwrap_or("all").to_owned();
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (expected, message) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected <entry>\\t<message>", i + 1))?;
        let expected = expected.trim();
        out.push(Labelled {
            expected: (expected != "none").then(|| expected.to_owned()),
            text: message.trim().to_owned(),
            group: group.clone(),
        });
    }
    Ok(out)
}

/// The outcome counts of one group of messages (or of all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub answerable: usize,
    pub answered_right: usize,
    pub answered_wrong: usize,
    /// Answerable messages it did not answer.
    pub abstained: usize,
    pub escalate_only: usize,
    pub escalate_answered: usize,
}

impl Counts {
    pub fn accuracy(&self) -> f64 {
        ratio(self.answered_right, self.answerable)
    }
    pub fn wrong_answer_rate(&self) -> f64 {
        ratio(self.answered_wrong, self.answerable)
    }
    pub fn escalate_answered_rate(&self) -> f64 {
        ratio(self.escalate_answered, self.escalate_only)
    }

    fn add(&mut self, other: &Counts) {
        self.answerable += other.answerable;
        self.answered_right += other.answered_right;
        self.answered_wrong += other.answered_wrong;
        self.abstained += other.abstained;
        self.escalate_only += other.escalate_only;
        self.escalate_answered += other.escalate_answered;
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub total: Counts,
    /// Per group, in the order the groups first appear.
    pub groups: Vec<(String, Counts)>,
    /// Lines that went wrong: (expected, got, text).
    pub mistakes: Vec<(String, String, String)>,
    /// Every line: (expected, got, text).
    pub lines: Vec<(String, String, String)>,
    /// The matcher's time per message, sorted.
    pub latencies: Vec<Duration>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        self.total.accuracy()
    }
    pub fn wrong_answer_rate(&self) -> f64 {
        self.total.wrong_answer_rate()
    }
    pub fn escalate_answered_rate(&self) -> f64 {
        self.total.escalate_answered_rate()
    }

    /// Every line with its verdict and scores.
    pub fn render_lines(&self) -> String {
        let mut out = String::new();
        for (expected, got, text) in &self.lines {
            let _ = writeln!(out, "{expected:<16} {got:<60} {text}");
        }
        out
    }

    pub fn render(&self, verbose: bool) -> String {
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
                100.0 * ratio(c.abstained, c.answerable),
                c.escalate_only,
                c.escalate_answered,
                100.0 * c.escalate_answered_rate()
            );
        };
        for (name, counts) in &self.groups {
            line(&mut out, name, counts);
        }
        line(&mut out, "all", &self.total);
        let _ = writeln!(
            out,
            "answerable messages:      {:>4}  answered right {:>5.1} %  answered wrong {:>4.1} %",
            self.total.answerable,
            100.0 * self.accuracy(),
            100.0 * self.wrong_answer_rate()
        );
        let _ = writeln!(
            out,
            "must reach a person:      {:>4}  answered anyway {:>4.1} %",
            self.total.escalate_only,
            100.0 * self.escalate_answered_rate()
        );
        if let Some(max) = self.latencies.last() {
            let total: Duration = self.latencies.iter().sum();
            let mean = total / u32::try_from(self.latencies.len()).unwrap_or(u32::MAX);
            let p99 = self.latencies[(self.latencies.len() - 1) * 99 / 100];
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
            for (expected, got, text) in &self.mistakes {
                let _ = writeln!(out, "  expected {expected:<16} got {got:<40} {text}");
            }
        }
        out
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Matches every message against the page's FAQ.
pub fn evaluate(page: &Page, messages: &[Labelled]) -> Report {
    let mut report = Report::default();
    for message in messages {
        let started = Instant::now();
        let result = page.faq.matches(&message.text);
        report.latencies.push(started.elapsed());
        let answered = match &result.verdict {
            Verdict::Answer { entry } => Some(entry.clone()),
            _ => None,
        };
        let scores = match (&result.best, &result.runner_up) {
            (Some(best), Some(second)) => format!(
                " ({} {:.2} / {} {:.2}, coverage {:.2})",
                best.entry,
                best.score,
                second.entry,
                second.score,
                result.coverage.unwrap_or_default()
            ),
            _ => String::new(),
        };
        let got = match (&answered, &result.verdict) {
            (Some(entry), _) => format!("{entry}{scores}"),
            (None, verdict) => format!(
                "{}{scores}",
                serde_json::to_string(verdict).unwrap_or_default()
            ),
        };
        report.lines.push((
            message.expected.clone().unwrap_or_else(|| "none".into()),
            got.clone(),
            message.text.clone(),
        ));
        let mut counts = Counts::default();
        match (&message.expected, &answered) {
            (Some(expected), Some(entry)) if expected == entry => {
                counts.answerable += 1;
                counts.answered_right += 1;
            }
            (Some(expected), Some(_)) => {
                counts.answerable += 1;
                counts.answered_wrong += 1;
                report
                    .mistakes
                    .push((expected.clone(), got, message.text.clone()));
            }
            (Some(expected), None) => {
                counts.answerable += 1;
                counts.abstained += 1;
                report
                    .mistakes
                    .push((expected.clone(), got, message.text.clone()));
            }
            (None, Some(_)) => {
                counts.escalate_only += 1;
                counts.escalate_answered += 1;
                report
                    .mistakes
                    .push(("none".into(), got, message.text.clone()));
            }
            (None, None) => counts.escalate_only += 1,
        }
        report.total.add(&counts);
        match report.groups.iter_mut().find(|(g, _)| *g == message.group) {
            Some((_, group)) => group.add(&counts),
            None => report.groups.push((message.group.clone(), counts)),
        }
    }
    report.latencies.sort();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::page::{FaqFile, PageFile};

    fn page(faq: &str) -> Page {
        let mut page = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .expect("the example page");
        page.faq = Some(FaqFile::from_toml(faq).expect("the FAQ"));
        page.validate().expect("a valid page")
    }

    fn labelled() -> Vec<Labelled> {
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
        let report = |r: &Report| r.render(true);
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

    #[test]
    fn groups_and_abstentions_are_counted() {
        let messages = parse("# --- cs\ndelivery\tkolik stoji doprava\nnone\tahoj\n# --- en words\nreturns\tthe weather?\n")
            .expect("parses");
        assert_eq!(messages[2].group, "en");
        let r = evaluate(
            &page(include_str!("../../responses/faq/eshop.toml")),
            &messages,
        );
        assert_eq!(r.groups.len(), 2);
        assert_eq!(r.total.answerable, 2);
        assert_eq!(r.total.abstained, 1);
        assert_eq!(r.total.escalate_only, 1);
        assert_eq!(r.latencies.len(), 3);
        assert!(r.render(false).contains("time per message"));
    }
}
