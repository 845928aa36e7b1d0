//! `frontdesk faq eval`: how a page's FAQ does on labelled messages. The figures that matter
//! are accuracy on answerable messages and how often it answers what needed a person.

use std::fmt::Write;
use std::path::PathBuf;

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
    print!("{}", evaluate(&page, &labelled).render(verbose));
    Ok(())
}

/// One labelled message: the entry it asks about, or `None` when it must reach a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub expected: Option<String>,
    pub text: String,
}

/// Reads `<entry or none>\t<message>` lines; `#` starts a comment line.
pub fn parse(text: &str) -> Result<Vec<Labelled>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, line)| {
            let (expected, message) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: expected <entry>\\t<message>", i + 1))?;
            let expected = expected.trim();
            Ok(Labelled {
                expected: (expected != "none").then(|| expected.to_owned()),
                text: message.trim().to_owned(),
            })
        })
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub answerable: usize,
    pub answered_right: usize,
    pub answered_wrong: usize,
    pub escalate_only: usize,
    pub escalate_answered: usize,
    /// Lines that went wrong: (expected, got, text).
    pub mistakes: Vec<(String, String, String)>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        ratio(self.answered_right, self.answerable)
    }
    pub fn wrong_answer_rate(&self) -> f64 {
        ratio(self.answered_wrong, self.answerable)
    }
    pub fn escalate_answered_rate(&self) -> f64 {
        ratio(self.escalate_answered, self.escalate_only)
    }

    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "answerable messages:      {:>4}  answered right {:>5.1} %  answered wrong {:>4.1} %",
            self.answerable,
            100.0 * self.accuracy(),
            100.0 * self.wrong_answer_rate()
        );
        let _ = writeln!(
            out,
            "must reach a person:      {:>4}  answered anyway {:>4.1} %",
            self.escalate_only,
            100.0 * self.escalate_answered_rate()
        );
        if verbose {
            for (expected, got, text) in &self.mistakes {
                let _ = writeln!(out, "  expected {expected:<16} got {got:<40} {text}");
            }
        }
        out
    }
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
        let result = page.faq.matches(&message.text);
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
        match (&message.expected, &answered) {
            (Some(expected), Some(entry)) if expected == entry => {
                report.answerable += 1;
                report.answered_right += 1;
            }
            (Some(expected), Some(_)) => {
                report.answerable += 1;
                report.answered_wrong += 1;
                report
                    .mistakes
                    .push((expected.clone(), got, message.text.clone()));
            }
            (Some(expected), None) => {
                report.answerable += 1;
                report
                    .mistakes
                    .push((expected.clone(), got, message.text.clone()));
            }
            (None, Some(_)) => {
                report.escalate_only += 1;
                report.escalate_answered += 1;
                report
                    .mistakes
                    .push(("none".into(), got, message.text.clone()));
            }
            (None, None) => report.escalate_only += 1,
        }
    }
    report
}
