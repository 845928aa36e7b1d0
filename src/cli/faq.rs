//! `frontdesk faq eval`: how a page's FAQ does on labelled messages, printed. The figures that
//! matter are accuracy on answerable messages and how often it answers what needed a person;
//! both are given per group (a `# --- <name>` line starts a group, e.g. one per language), with
//! the matcher's time per message. The evaluation itself is `crate::faq_eval`, which the
//! console shares.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Subcommand;

use crate::domain::faq::{EntryModel, Faq, Gate, ModelFileError, Training};
use crate::faq_eval::{Counts, Labelled, Report, evaluate, parse};
use crate::pages::read_page_file;
use crate::{faq_entries, faq_gate};

#[derive(Subcommand)]
pub enum FaqCommand {
    /// Measure the FAQ on labelled messages (`<entry or none><TAB><message>` lines).
    Eval(Eval),
    /// Learn the gate that holds back answers to messages for a person: its threshold by
    /// cross-validation (folds by set) against the page's FAQ, then the model on every set.
    TrainGate {
        /// A page file (*.toml) whose FAQ the threshold is chosen against.
        page: PathBuf,
        /// Labelled sets (`<entry or none><TAB><message>` lines) to learn from.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the gate (the bundled one is responses/faq/gate.bin).
        #[arg(long)]
        out: PathBuf,
        /// How many points of right answers the gate may cost on the held-out sets.
        #[arg(long, default_value_t = 0.5)]
        right_drop: f64,
    },
    /// Learn the entry model that takes entries the scores are not sure of and doubts
    /// answers: its thresholds by cross-validation (folds by set) through the page's FAQ,
    /// then the model on every set.
    TrainEntries {
        /// A page file (*.toml) whose FAQ the thresholds are chosen through.
        page: PathBuf,
        /// Labelled sets (`<entry or none><TAB><message>` lines) to learn from.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the model (the bundled one is responses/faq/entries.bin).
        #[arg(long)]
        out: PathBuf,
        /// How many points of right answers doubting may cost on the held-out sets.
        #[arg(long, default_value_t = 0.5)]
        right_drop: f64,
    },
}

#[derive(clap::Args)]
pub struct Eval {
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
    /// Hold answers back with this learned gate file (from `train-gate`) instead of the
    /// page's own setting.
    #[arg(long)]
    gate: Option<PathBuf>,
    /// Take and doubt entries with this learned entry model file (from `train-entries`)
    /// instead of the page's own setting.
    #[arg(long)]
    entries: Option<PathBuf>,
}

/// `frontdesk faq`: measure a FAQ, or learn its gate.
pub fn run(command: FaqCommand) -> anyhow::Result<()> {
    match command {
        FaqCommand::Eval(eval) => run_eval(eval),
        FaqCommand::TrainGate {
            page,
            files,
            out,
            right_drop,
        } => train_gate(&page, &files, &out, right_drop),
        FaqCommand::TrainEntries {
            page,
            files,
            out,
            right_drop,
        } => train_entries(&page, &files, &out, right_drop),
    }
}

/// `frontdesk faq eval`: the page file's FAQ (with the thresholds and gate tried) on a labelled
/// file.
fn run_eval(eval: Eval) -> anyhow::Result<()> {
    let Eval {
        page,
        file,
        verbose,
        all,
        threshold,
        margin,
        coverage,
        gate,
        entries,
    } = eval;
    let mut page = read_page_file(&page)?;
    if let Some(faq) = page.faq.as_mut() {
        faq.threshold = threshold.unwrap_or(faq.threshold);
        faq.margin = margin.unwrap_or(faq.margin);
        faq.coverage = coverage.unwrap_or(faq.coverage);
    }
    let mut page = page.validate()?;
    if let Some(path) = gate {
        let gate = read_model(&path, Gate::from_bytes)?;
        let faq = Faq::clone(&page.faq).with_gate(Some(Arc::new(gate)));
        page.faq = Arc::new(faq);
    }
    if let Some(path) = entries {
        let model = read_model(&path, EntryModel::from_bytes)?;
        let faq = Faq::clone(&page.faq).with_entry_model(Some(Arc::new(model)));
        page.faq = Arc::new(faq);
    }
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let labelled = parse(&text)?;
    let report = evaluate(&page, &labelled);
    if all {
        super::print(&render_lines(&report))?;
    }
    super::print(&render(&report, verbose))
}

/// A learned model's file, read by `from_bytes`.
fn read_model<M>(
    path: &Path,
    from_bytes: impl Fn(&[u8]) -> Result<M, ModelFileError>,
) -> anyhow::Result<M> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    from_bytes(&bytes).with_context(|| format!("reading {}", path.display()))
}

/// The labelled files, each parsed.
fn read_sets(files: &[PathBuf]) -> anyhow::Result<Vec<Vec<Labelled>>> {
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            parse(&text).with_context(|| format!("reading {}", file.display()))
        })
        .collect()
}

/// `frontdesk faq train-gate`: learns the gate from the labelled files, prints the thresholds
/// tried on the held-out sets and the one chosen, and writes the gate.
fn train_gate(page: &Path, files: &[PathBuf], out: &Path, right_drop: f64) -> anyhow::Result<()> {
    let page = read_page_file(page)?.validate()?;
    let sets = read_sets(files)?;
    let (gate, tried) = faq_gate::learn(&page, &sets, right_drop, Training::default());
    let mut text = String::from("threshold  right %  must-escalate answered % (held-out sets)\n");
    for t in &tried {
        let _ = writeln!(
            text,
            "{:>9.2}  {:>7.1}  {:>6.2}{}",
            t.threshold,
            t.right,
            t.escalate_answered,
            if t.threshold == gate.threshold() {
                "  <- chosen"
            } else {
                ""
            }
        );
    }
    std::fs::write(out, gate.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
    let _ = writeln!(
        text,
        "wrote {} (threshold {:.2})",
        out.display(),
        gate.threshold()
    );
    super::print(&text)
}

/// `frontdesk faq train-entries`: learns the entry model from the labelled files, prints
/// every threshold tried on the held-out sets in the order they were chosen (rescue, then
/// overrule, then doubt) and the ones chosen, and writes the model.
fn train_entries(
    page: &Path,
    files: &[PathBuf],
    out: &Path,
    right_drop: f64,
) -> anyhow::Result<()> {
    let page = read_page_file(page)?.validate()?;
    let sets = read_sets(files)?;
    let (model, tried) = faq_entries::learn(&page, &sets, right_drop, Training::default());
    let chosen = model.thresholds();
    let mut text = String::from(
        "rescue  overrule  doubt  right %  wrong %  must-escalate answered %  right lost by doubt % (held-out sets)\n",
    );
    for t in &tried {
        let _ = writeln!(
            text,
            "{:>6.2}  {:>8.3}  {:>5.2}  {:>7.1}  {:>7.1}  {:>24.2}  {:>20.2}{}",
            t.thresholds.rescue,
            t.thresholds.overrule,
            t.thresholds.doubt,
            t.right,
            t.wrong,
            t.escalate_answered,
            t.right_lost,
            if t.thresholds == chosen {
                "  <- chosen"
            } else {
                ""
            }
        );
    }
    std::fs::write(out, model.to_bytes()).with_context(|| format!("writing {}", out.display()))?;
    let _ = writeln!(
        text,
        "wrote {} (rescue {:.2}, overrule {:.3}, doubt {:.2}, classes {})",
        out.display(),
        chosen.rescue,
        chosen.overrule,
        chosen.doubt,
        model.classes().join(" ")
    );
    super::print(&text)
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
        let at = |percent: usize| report.latencies[(report.latencies.len() - 1) * percent / 100];
        let _ = writeln!(
            out,
            "time per message:         mean {:.1} µs  p50 {:.1} µs  p99 {:.1} µs  max {:.1} µs{}",
            micros(mean),
            micros(at(50)),
            micros(at(99)),
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

    /// The example page and labelled sets 171-175, as files.
    fn example_page_and_sets() -> (PathBuf, Vec<PathBuf>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sets = (171..=175)
            .map(|n| root.join(format!("tests/faq/labelled-{n}.tsv")))
            .collect();
        (root.join("responses/pages/example.toml"), sets)
    }

    /// `faq eval` of `file` on `page` with the learned models tried.
    fn eval_with(
        page: &Path,
        file: &Path,
        gate: Option<PathBuf>,
        entries: Option<PathBuf>,
    ) -> anyhow::Result<()> {
        run_eval(Eval {
            page: page.to_owned(),
            file: file.to_owned(),
            verbose: false,
            all: false,
            threshold: None,
            margin: None,
            coverage: None,
            gate,
            entries,
        })
    }

    /// `train-gate` writes a gate that `eval --gate` reads; a file that is no gate is refused
    /// with its reason, not read as no gate.
    #[test]
    fn a_learned_gate_is_written_and_read_back() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (page, sets) = example_page_and_sets();
        let out = dir.path().join("gate.bin");
        train_gate(&page, &sets, &out, 0.5).expect("learned");
        let gate = read_model(&out, Gate::from_bytes).expect("its own file");
        assert!((0.0..=1.0).contains(&gate.threshold()), "{gate:?}");
        let eval = |gate: PathBuf| eval_with(&page, &sets[0], Some(gate), None);
        eval(out).expect("evaluated with the gate");
        let broken = dir.path().join("broken.bin");
        std::fs::write(&broken, b"not a gate").expect("written");
        let error = eval(broken).expect_err("no gate");
        assert!(
            format!("{error:#}").contains("not a gate file"),
            "{error:#}"
        );
    }

    /// `train-entries` writes an entry model that `eval --entries` reads; a gate's file is
    /// refused as no entry model.
    #[test]
    fn a_learned_entry_model_is_written_and_read_back() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (page, sets) = example_page_and_sets();
        let out = dir.path().join("entries.bin");
        train_entries(&page, &sets, &out, 0.5).expect("learned");
        let model = read_model(&out, EntryModel::from_bytes).expect("its own file");
        assert!(model.classes().iter().any(|c| c == "delivery"), "{model:?}");
        let eval = |entries: PathBuf| eval_with(&page, &sets[0], None, Some(entries));
        eval(out).expect("evaluated with the model");
        let gate = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("responses/faq/gate.bin");
        let error = eval(gate).expect_err("a gate is no entry model");
        assert!(
            format!("{error:#}").contains("not an entry model file"),
            "{error:#}"
        );
    }

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
        assert!(text.contains(" p50 ") && text.contains(" p99 "), "{text}");
        assert!(text.contains("expected returns"), "{text}");
        assert_eq!(render_lines(&report).lines().count(), 2);
    }

    fn page(faq: &str) -> crate::domain::page::Page {
        let mut page = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .expect("the example page");
        page.faq = Some(FaqFile::from_toml(faq).expect("the FAQ"));
        page.validate().expect("a valid page")
    }

    /// Per labelled set: at least this many answered right and at most this many of the
    /// must-reach-a-person answered, with the shipped FAQ and with the plain one.
    struct Floor {
        set: &'static str,
        text: &'static str,
        shipped: (usize, usize),
        plain: (usize, usize),
    }

    // Reached in round 13 (tests/faq/RESULTS.md), exactly: one message fewer right, or one more
    // must-escalate answered, on any set fails. Round 11's last change cost the plain FAQ
    // right answers on most sets: its delivery answer named no country, so it answered only
    // for the country of the customer's language, and English place questions went to a
    // person ("how much is shipping to the uk?" is labelled for the shipped FAQ's answer,
    // which names the EU and the UK). Round 52 gave the plain FAQ the shipped FAQ's answers,
    // and its floors rose with them.
    const FLOORS: &[Floor] = &[
        Floor {
            set: "labelled-1 (189 answerable, 121 must reach a person)",
            text: include_str!("../../tests/faq/labelled-1.tsv"),
            shipped: (189, 0),
            plain: (187, 0),
        },
        Floor {
            set: "labelled-2 (85, 67)",
            text: include_str!("../../tests/faq/labelled-2.tsv"),
            // Round 7 relabelled "wie teuer ist der versand in die schweiz?" (the German
            // answer names no Swiss price) from delivery to none: the shipped FAQ's delivery
            // entry names countries and sends it to a person; the plain one names none and
            // answers it, as it always did. Round 18 relabelled a Czech question about
            // Slovakia, which the Czech answer does not name, from delivery to none (also one
            // in sets 4 and 6).
            shipped: (85, 0),
            plain: (84, 0),
        },
        Floor {
            set: "labelled-3 (98, 69)",
            text: include_str!("../../tests/faq/labelled-3.tsv"),
            shipped: (98, 0),
            plain: (98, 0),
        },
        Floor {
            set: "labelled-4 (97, 67; tuned on in round 4)",
            text: include_str!("../../tests/faq/labelled-4.tsv"),
            shipped: (97, 0),
            plain: (97, 0),
        },
        Floor {
            set: "labelled-5 (93, 69; fresh in round 4, tuned on in round 5)",
            text: include_str!("../../tests/faq/labelled-5.tsv"),
            // Round 41's review took out the missing-item terms that hide the parcel's own ("fehlte
            // Paket"), at this cost.
            shipped: (93, 0),
            plain: (93, 0),
        },
        Floor {
            set: "labelled-6 (89, 65; fresh in round 5, tuned on in round 6)",
            text: include_str!("../../tests/faq/labelled-6.tsv"),
            // Round 10 lost two with the plain FAQ: "zijn jullie op maandag bereikbaar?" (its
            // example "wanneer is de klantenservice bereikbaar?" names the team now, which the
            // message does not) and "w jakich godzinach dziala infolinia?" (the hotline is
            // the contact entry's; its answer gives the hours too). Round 13 lost "jakou dopravu
            // nabizite, zasilkovnu mate?" to two questions with the shipped FAQ: with postage a
            // concept of its own, the delivery examples that name it weigh more, and "jakou
            // dopravu nabízíte" on its own comes nearer "už jste to odeslali?" (order status).
            shipped: (87, 0),
            plain: (86, 0),
        },
        Floor {
            set: "labelled-7 (89, 65; fresh in round 6, tuned on in round 7)",
            text: include_str!("../../tests/faq/labelled-7.tsv"),
            // Round 11 lost "jak dlouho mam na vraceni kdyz se mi mlynek nebude libit" to the
            // margin: how long is a concept the delivery entry owns (`TOPIC_LEAD`).
            shipped: (89, 0),
            plain: (89, 0),
        },
        Floor {
            set: "labelled-8 (91, 63; fresh in round 7, tuned on in round 9)",
            text: include_str!("../../tests/faq/labelled-8.tsv"),
            // Round 10 answers "wiecie moze jaka bedzie pogoda w pradze w weekend?" with the
            // opening hours again: "Prague time" in that answer is no country served.
            shipped: (91, 0),
            plain: (91, 0),
        },
        Floor {
            set: "labelled-9 (91, 63; fresh after round 7, tuned on in round 9)",
            text: include_str!("../../tests/faq/labelled-9.tsv"),
            // Round 10 sends "where's your office located? might pop in when im in prague" to a
            // person: a part that asks and names a place is read as a delivery question.
            shipped: (91, 0),
            plain: (91, 0),
        },
        Floor {
            set: "labelled-10 (91, 63; fresh after round 8, tuned on in round 9)",
            text: include_str!("../../tests/faq/labelled-10.tsv"),
            shipped: (90, 0),
            plain: (90, 0),
        },
        Floor {
            set: "labelled-11 (91, 63; fresh after round 9, tuned on in round 10)",
            text: include_str!("../../tests/faq/labelled-11.tsv"),
            // Round 10 sends "waar in praag zit jullie bedrijf precies? straat en nummer graag"
            // to a person, as set 9's office question.
            shipped: (91, 0),
            plain: (91, 0),
        },
        Floor {
            set: "labelled-12 (107, 70; fresh after round 9, measured once after round 10 (72.9 % right, 11.4 % must-escalate answered), then tuned on)",
            text: include_str!("../../tests/faq/labelled-12.tsv"),
            // Round 11 answers two more with the plain FAQ, whose answers name no country:
            // "а в кишинів відправите?" and "po ilu dniach paczka bedzie w poznaniu i
            // przyjmujecie blika?" had been held back only by the margin.
            shipped: (107, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-13 (98, 70; fresh after round 10's vocabulary, measured once (65.3 % right, 11.4 % must-escalate answered), then tuned on)",
            text: include_str!("../../tests/faq/labelled-13.tsv"),
            shipped: (98, 0),
            plain: (98, 0),
        },
        Floor {
            set: "labelled-14 (105, 77; fresh after round 10, measured once with round 10 (69.5 % right, 14.3 % must-escalate answered) and once with round 11 (68.6 %, 13.0 %), then tuned on)",
            text: include_str!("../../tests/faq/labelled-14.tsv"),
            shipped: (103, 0),
            plain: (104, 0),
        },
        Floor {
            set: "labelled-15 (105, 78; fresh after round 11's tuning, measured once with round 10 (71.4 % right, 12.8 % must-escalate answered) and once with round 11 (72.4 %, 10.3 %), then tuned on)",
            text: include_str!("../../tests/faq/labelled-15.tsv"),
            shipped: (104, 0),
            plain: (104, 0),
        },
        Floor {
            set: "labelled-16 (112, 77; fresh at round 12's start, measured once with round 11 (62.5 % right, 9.1 % must-escalate answered), then tuned on)",
            text: include_str!("../../tests/faq/labelled-16.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-17 (112, 77; fresh after round 12's tuning, measured once with round 11 (69.6 % right, 13.0 % must-escalate answered) and once with round 12 (71.4 %, 11.7 %), then tuned on)",
            text: include_str!("../../tests/faq/labelled-17.tsv"),
            shipped: (110, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-18 (112, 77; fresh at round 13's start, measured once with round 12 (82.1 % right, 6.5 % must-escalate answered), then tuned on)",
            text: include_str!("../../tests/faq/labelled-18.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-19 (112, 77; fresh after round 13's tuning, measured once with round 12 (81.2 % right, 11.7 % must-escalate answered) and once with round 13 (84.8 %, 10.4 %), then tuned on)",
            text: include_str!("../../tests/faq/labelled-19.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-20 (112, 77; fresh after all of round 13's tuning, measured once with round 12 (83.9 % right, 11.7 % must-escalate answered) and once with round 13 (85.7 %, 9.1 %); the stock rule came after)",
            text: include_str!("../../tests/faq/labelled-20.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-21 (112, 77; fresh at the start of round 14, measured with round 13: 77.7 % right, 3.9 % must-escalate answered shipped, 74.1 % and 3.9 % plain)",
            text: include_str!("../../tests/faq/labelled-21.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-22 (112, 77; fresh after round 14's tuning on sets 1-21, measured with round 13: 82.1 % right, 9.1 % must-escalate answered shipped, 75.9 % and 10.4 % plain; with round 14: 83.9 % and 6.5 %, 82.1 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-22.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-23 (112, 77; fresh after round 14's tuning on sets 1-22, measured with round 13: 80.4 % right, 10.4 % must-escalate answered shipped, 76.8 % and 9.1 % plain; with round 14: 83.9 % and 5.2 %, 83.0 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-23.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-24 (112, 77; fresh at the start of round 15, measured with round 14: 72.3 % right, 6.5 % must-escalate answered shipped, 75.0 % and 5.2 % plain)",
            text: include_str!("../../tests/faq/labelled-24.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-25 (112, 77; fresh after round 15's tuning on sets 1-24, measured with round 14: 80.4 % right, 7.8 % must-escalate answered shipped, 72.3 % and 5.2 % plain; with round 15 (8bd7572): 83.0 % and 6.5 %, 75.9 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-25.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-26 (112, 77; fresh after round 15's tuning on sets 1-24, measured with round 14: 82.1 % right, 5.2 % must-escalate answered shipped, 77.7 % and 3.9 % plain; with round 15 (8bd7572): 83.9 % and 1.3 %, 80.4 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-26.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-27 (112, 77; fresh after all of round 15's tuning, measured with round 14: 79.5 % right, 2.6 % must-escalate answered shipped, 76.8 % and 5.2 % plain; with round 15 (9c7378f): 83.9 % and 2.6 %, 78.6 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-27.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-28 (112, 77; fresh before round 16's tuning, measured with round 15 (57f9412): 87.5 % right, 9.1 % must-escalate answered shipped, 87.5 % and 9.1 % plain; tuned on in round 16)",
            text: include_str!("../../tests/faq/labelled-28.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-29 (112, 77; fresh after all of round 16's tuning, held back until then; round 15 (57f9412) and round 16 both: 82.1 % right, 5.2 % must-escalate answered shipped, 75.9 % and 5.2 % plain)",
            text: include_str!("../../tests/faq/labelled-29.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-30 (112, 77; fresh after round 16's tuning, held back until then; round 15 (57f9412): 83.0 % right, 5.2 % must-escalate answered shipped, 77.7 % and 5.2 % plain; round 16 (7bffb3c): 83.0 % and 5.2 %, 83.0 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-30.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-31 (112, 77; fresh at round 17's start, then tuned on; round 16 (fe78284): 82.1 % right, 9.1 % must-escalate answered shipped, 77.7 % and 9.1 % plain)",
            text: include_str!("../../tests/faq/labelled-31.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-33 (112, 77; fresh in round 17, run once after its vocabulary, then tuned on; round 16 (fe78284): 84.8 % right, 5.2 % must-escalate answered shipped, 77.7 % and 2.6 % plain; round 17 before tuning on it (842e5a5): 86.6 % and 5.2 %, 80.4 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-33.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-32 (112, 77; fresh at round 17's start, held back until all of its tuning was done (d18e2ca); round 16 (fe78284): 80.4 % right, 10.4 % must-escalate answered shipped, 75.9 % and 11.7 % plain; round 17: 83.9 % and 7.8 %, 79.5 % and 10.4 %)",
            text: include_str!("../../tests/faq/labelled-32.tsv"),
            shipped: (112, 1),
            plain: (110, 1),
        },
        Floor {
            set: "labelled-34 (112, 77; fresh in round 18, run once before any change (fb0ed45): 88.4 % right, 5.2 % must-escalate answered shipped, 83.0 % and 5.2 % plain; then tuned on)",
            text: include_str!("../../tests/faq/labelled-34.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-35 (112, 77; fresh in round 18, run before round 18's vocabulary (fb0ed45): 88.4 % right, 5.2 % must-escalate answered shipped, 83.9 % and 6.5 % plain; after it (0eda909): 89.3 % and 5.2 %, 84.8 % and 6.5 %; then tuned on)",
            text: include_str!("../../tests/faq/labelled-35.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-36 (112, 77; fresh at round 18's start, held back until all of its tuning was done (42e6af1); round 17 (fb0ed45): 85.7 % right, 7.8 % must-escalate answered shipped, 82.1 % and 5.2 % plain; round 18: 86.6 % and 7.8 %, 83.0 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-36.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-37 (112, 77; fresh at round 18's end, run once after all of its changes (53cf192); round 17 (fb0ed45): 91.1 % right, 3.9 % must-escalate answered shipped, 88.4 % and 6.5 % plain; round 18: 91.1 % and 1.3 %, 89.3 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-37.tsv"),
            shipped: (112, 1),
            plain: (111, 1),
        },
        Floor {
            set: "labelled-38 (112, 77; fresh at round 19's start, run once before any change (3873f77): 91.1 % right, 1.3 % must-escalate answered shipped, 91.1 % and 1.3 % plain; then tuned on)",
            text: include_str!("../../tests/faq/labelled-38.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-39 (112, 77; fresh at round 19's start, held back until all of its tuning and the review's mends were done (c3d25b2); round 18 (3873f77): 85.7 % right, 3.9 % must-escalate answered shipped, 80.4 % and 2.6 % plain; round 19: 85.7 % and 3.9 %, 81.2 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-39.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-40 (112, 77; fresh, written during round 19 and run once after all of its tuning and the review's mends (c3d25b2); round 18 (3873f77): 87.5 % right, 9.1 % must-escalate answered shipped, 85.7 % and 9.1 % plain; round 19: 89.3 % and 7.8 %, 85.7 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-40.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-41 (112, 77; fresh at round 20's start, run once with round 19 (daf7527): 91.1 % right, 5.2 % must-escalate answered shipped, 89.3 % and 5.2 % plain; then tuned on: 93.8 % and 0.0 %, 92.0 % and 0.0 %)",
            text: include_str!("../../tests/faq/labelled-41.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-42 (112, 77; fresh at round 20's start, held back until all of its tuning was done (5f44e3a); round 19 (daf7527): 87.5 % right, 3.9 % must-escalate answered shipped, 87.5 % and 0.0 % plain; round 20: 90.2 % and 3.9 %, 88.4 % and 0.0 %)",
            text: include_str!("../../tests/faq/labelled-42.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-43 (112, 77; fresh at round 20's start, held back until all of its tuning was done (5f44e3a); round 19 (daf7527): 90.2 % right, 5.2 % must-escalate answered shipped, 86.6 % and 3.9 % plain; round 20: 91.1 % and 5.2 %, 86.6 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-43.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-44 (112, 77; fresh at round 21's start, held back until all of its tuning and the review's mends were done; round 20 (03a7eab) and round 21 alike: 92.0 % right, 2.6 % must-escalate answered shipped, 89.3 % and 5.2 % plain; round 22, tuned on after its run: 92.0 % and 0.0 %, 89.3 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-44.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-45 (112, 77; fresh at round 21's start, held back until all of its tuning and the review's mends were done; round 20 (03a7eab) and round 21 alike: 87.5 % and 3.9 %, 85.7 % and 5.2 %; round 22, tuned on after its run: 90.2 % and 0.0 %, 87.5 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-45.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-46 (112, 77; fresh at round 21's start, held back until all of its tuning and the review's mends were done; round 20 (03a7eab) and round 21 alike: 87.5 % and 10.4 %, 83.9 % and 6.5 %; round 22, tuned on after its run: 90.2 % and 2.6 %, 84.8 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-46.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-47 (112, 77; fresh at round 22's start, held back until all of its tuning and the review's mends were done; round 22: 91.1 % right, 9.1 % must-escalate answered shipped, 87.5 % and 7.8 % plain; tuned on in round 23)",
            text: include_str!("../../tests/faq/labelled-47.tsv"),
            shipped: (111, 1),
            plain: (110, 1),
        },
        Floor {
            set: "labelled-48 (112, 77; fresh at round 22's start, held back until all of its tuning and the review's mends were done; round 22: 91.1 % and 10.4 %, 86.6 % and 10.4 %; tuned on in round 23)",
            text: include_str!("../../tests/faq/labelled-48.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-49 (112, 77; fresh at round 22's start, held back until all of its tuning and the review's mends were done; round 22: 94.6 % and 7.8 %, 90.2 % and 6.5 %; a host with a path or a new ending as a link, after its run: 94.6 % and 5.2 %, 90.2 % and 5.2 %; tuned on in round 23)",
            text: include_str!("../../tests/faq/labelled-49.tsv"),
            shipped: (110, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-50 (112, 77; fresh at round 23's start, held back until all of its tuning and the review's mends were done; round 23: 93.8 % right, 2.6 % must-escalate answered shipped, 88.4 % and 2.6 % plain)",
            text: include_str!("../../tests/faq/labelled-50.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-51 (112, 77; fresh at round 23's start, held back until all of its tuning and the review's mends were done; round 23: 87.5 % and 6.5 %, 83.0 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-51.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-52 (112, 77; fresh at round 23's start, held back until all of its tuning and the review's mends were done; round 23: 84.8 % and 2.6 %, 84.8 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-52.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-53 (112, 77; fresh at round 24's start, held back until all of its tuning was done; round 24, shipped: 81.2 % and 6.5 %, plain: 76.8 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-53.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-54 (112, 77; fresh at round 24's start, held back until all of its tuning was done; round 24, shipped: 77.7 % and 1.3 %, plain: 73.2 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-54.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-55 (112, 77; fresh at round 24's start, held back until all of its tuning was done; round 24, shipped: 89.3 % and 3.9 %, plain: 84.8 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-55.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-56 (112, 77; fresh at round 25's start, held back until all of its tuning was done; round 25, shipped: 90.2 % and 10.4 %, plain: 87.5 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-56.tsv"),
            // Round 40's review narrowed terms that misread ordinary messages ("any update", "ok?" as
            // a tag, "poukaz na", a closing mid-sentence), at this cost.
            shipped: (112, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-57 (112, 77; fresh at round 25's start, held back until all of its tuning was done; round 25, shipped: 95.5 % and 6.5 %, plain: 90.2 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-57.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-58 (112, 77; fresh at round 25's start, held back until all of its tuning was done; round 25, shipped: 86.6 % and 9.1 %, plain: 84.8 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-58.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-62 (112, 77; written at round 26's start for tuning, run and tuned on during round 26; round 26 before tuning, shipped: 85.3 % right and 9.7 % must-escalate answered on 62 and 63 together)",
            text: include_str!("../../tests/faq/labelled-62.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-63 (112, 77; written at round 26's start for tuning, like set 62)",
            text: include_str!("../../tests/faq/labelled-63.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-59 (112, 77; fresh at round 26's start, held back until all of its tuning was done; round 26, shipped: 89.3 % right and 5.2 % must-escalate answered, plain: 88.4 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-59.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-60 (112, 77; fresh at round 26's start, held back until all of its tuning was done; round 26, shipped: 87.5 % and 3.9 %, plain: 83.0 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-60.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-61 (112, 77; fresh at round 26's start, held back until all of its tuning was done; round 26, shipped: 79.5 % and 5.2 %, plain: 76.8 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-61.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-67 (112, 77; written at round 27's start for tuning, run and tuned on during round 27; round 27 before tuning, shipped: 91.1 % right and 7.8 % must-escalate answered on 67 and 68 together)",
            text: include_str!("../../tests/faq/labelled-67.tsv"),
            // Round 43 answers an exchange of goods received with the returns answer, as most sets
            // label it; this set labels a wrong colour received ("hrnek mi přišel v černé a já
            // jsem chtěla bílý") none.
            shipped: (111, 1),
            plain: (112, 1),
        },
        Floor {
            set: "labelled-68 (112, 77; written at round 27's start for tuning, like set 67)",
            text: include_str!("../../tests/faq/labelled-68.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-64 (112, 77; fresh at round 27's start, held back until all of its tuning was done; round 27, shipped: 84.8 % and 3.9 %, plain: 85.7 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-64.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-65 (112, 77; fresh at round 27's start, like set 64; round 27, shipped: 92.0 % and 3.9 %, plain: 87.5 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-65.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-66 (112, 77; fresh at round 27's start, like set 64; round 27, shipped: 92.0 % and 3.9 %, plain: 90.2 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-66.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-72 (112, 77; written at round 28's start for tuning, run and tuned on during round 28; round 27 (17ab61a), shipped: 80.4 % right and 3.9 % must-escalate answered)",
            text: include_str!("../../tests/faq/labelled-72.tsv"),
            shipped: (110, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-73 (112, 77; written at round 28's start for tuning, like set 72; round 27 (17ab61a), shipped: 89.3 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-73.tsv"),
            // Round 40's review narrowed terms that misread ordinary messages ("any update", "ok?" as
            // a tag, "poukaz na", a closing mid-sentence), at this cost.
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-69 (112, 77; fresh at round 28's start, held back until all of its tuning was done; round 27 (17ab61a) and round 28 alike, shipped: 89.3 % right and 3.9 % must-escalate answered, plain: 84.8 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-69.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-70 (112, 77; fresh at round 28's start, like set 69; round 27 and round 28 alike, shipped: 91.1 % and 6.5 %, plain: 88.4 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-70.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-71 (112, 77; fresh at round 28's start, like set 69; round 27 and round 28 alike, shipped: 80.4 % and 2.6 %, plain: 79.5 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-71.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-76 (112, 77; written during round 28 for tuning, run and tuned on during round 28; round 27 (17ab61a), shipped: 85.7 % right and 7.8 % must-escalate answered)",
            text: include_str!("../../tests/faq/labelled-76.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-74 (112, 77; fresh, written during round 28 and held back until all of its tuning was done; round 27 (17ab61a), shipped: 83.9 % right and 9.1 % must-escalate answered, plain: 83.9 % and 7.8 %; round 28: 84.8 % and 9.1 %, 84.8 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-74.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-75 (112, 77; fresh, like set 74; round 27, shipped: 92.9 % and 5.2 %, plain: 86.6 % and 7.8 %; round 28: 92.9 % and 5.2 %, 86.6 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-75.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-80 (112, 77; written at round 29's start for tuning, run and tuned on during round 29; round 28 (dcdfb8e), shipped: 93.8 % right and 6.5 % must-escalate answered, plain: 92.0 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-80.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-81 (112, 77; written at round 29's start for tuning, like set 80; round 28, shipped: 92.9 % and 5.2 %, plain: 89.3 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-81.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-77 (112, 77; fresh at round 29's start, held back until all of its tuning was done; round 28 (dcdfb8e) and round 29 (0e3dd56) alike, shipped: 84.8 % right and 5.2 % must-escalate answered, plain: 80.4 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-77.tsv"),
            shipped: (111, 0),
            plain: (110, 1),
        },
        Floor {
            set: "labelled-78 (112, 77; fresh at round 29's start, like set 77; round 28, shipped: 88.4 % and 5.2 %, plain: 86.6 % and 5.2 %; round 29: 92.0 % and 5.2 %, 89.3 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-78.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-79 (112, 77; fresh at round 29's start, like set 77; round 28, shipped: 83.0 % and 3.9 %, plain: 80.4 % and 1.3 %; round 29: 83.9 % and 3.9 %, 80.4 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-79.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-85 (112, 77; written at round 30's start for tuning, run and tuned on during round 30; round 29 (edce5ef), shipped: 76.8 % right and 13.0 % must-escalate answered, plain: 67.9 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-85.tsv"),
            shipped: (110, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-86 (112, 77; written at round 30's start for tuning, like set 85; round 29, shipped: 78.6 % and 6.5 %, plain: 70.5 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-86.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-82 (112, 77; fresh at round 30's start, held back until all of its tuning was done; round 29 (edce5ef), shipped: 83.9 % right and 5.2 % must-escalate answered, plain: 83.9 % and 3.9 %; round 30 (55f644b): 85.7 % and 3.9 %, 85.7 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-82.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-83 (112, 77; fresh at round 30's start, like set 82; round 29, shipped: 75.9 % and 1.3 %, plain: 71.4 % and 1.3 %; round 30: 78.6 % and 1.3 %, 74.1 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-83.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-84 (112, 77; fresh at round 30's start, like set 82; round 29, shipped: 80.4 % and 9.1 %, plain: 78.6 % and 5.2 %; round 30: 81.2 % and 9.1 %, 79.5 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-84.tsv"),
            shipped: (107, 0),
            plain: (106, 0),
        },
        Floor {
            set: "labelled-90 (112, 77; written at round 31's start for tuning, run and tuned on during round 31; round 30 (93bfc53), shipped: 81.2 % right and 7.8 % must-escalate answered, plain: 77.7 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-90.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-91 (112, 77; written at round 31's start for tuning, like set 90; round 30, shipped: 76.8 % and 5.2 %, plain: 76.8 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-91.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-87 (112, 77; fresh at round 31's start, held back until all of its tuning was done; round 30 (93bfc53), shipped: 85.7 % right and 3.9 % must-escalate answered, plain: 79.5 % and 2.6 %; round 31 (c352f5b): 86.6 % and 3.9 %, 81.2 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-87.tsv"),
            shipped: (109, 0),
            plain: (105, 0),
        },
        Floor {
            set: "labelled-88 (112, 77; fresh, like set 87; round 30, shipped: 90.2 % and 7.8 %, plain: 85.7 % and 6.5 %; round 31: 91.1 % and 7.8 %, 86.6 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-88.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-89 (112, 77; fresh, like set 87; round 30 and round 31 alike, shipped: 74.1 % and 6.5 %, plain: 70.5 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-89.tsv"),
            shipped: (109, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-95 (112, 77; written at round 32's start for tuning, run and tuned on during round 32; round 31 (5bc448a), shipped: 91.1 % right and 5.2 % must-escalate answered, plain: 85.7 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-95.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-96 (112, 77; written at round 32's start for tuning, like set 95; round 31, shipped: 90.2 % and 5.2 %, plain: 86.6 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-96.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-92 (112, 77; fresh at round 32's start, held back until all of its tuning was done; round 31 (5bc448a) and round 32 (0788538, before the fixes made after the run) alike, shipped: 91.1 % right and 3.9 % must-escalate answered, plain: 91.1 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-92.tsv"),
            shipped: (109, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-93 (112, 77; fresh, like set 92; round 31 and round 32 alike, shipped: 92.9 % and 7.8 %, plain: 85.7 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-93.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-94 (112, 77; fresh, like set 92; round 31 and round 32 alike, shipped: 91.1 % and 9.1 %, plain: 86.6 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-94.tsv"),
            // Round 51: the entry model, sure of delivery (0.996 or more), overrules "two
            // questions" in "через скільки днів приходить посилка, і куди писати якщо щось
            // зламається?" (labelled two topics), as the overrule threshold chosen on held-out
            // sets accepts for the right answers it gives elsewhere.
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-100 (112, 77; written at round 33's start for tuning; round 32, shipped: 92.0 % and 5.2 %, plain: 89.3 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-100.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-101 (112, 77; written at round 33's start for tuning, like set 100; round 32, shipped: 89.3 % and 7.8 %, plain: 87.5 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-101.tsv"),
            shipped: (110, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-97 (112, 77; fresh at round 33's start, held back until all of its tuning was done; round 32 (d721110) and round 33 (77f9420, before the fixes made after the run) alike, shipped: 86.6 % right and 3.9 % must-escalate answered, plain: 83.9 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-97.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-98 (112, 77; fresh, like set 97; shipped, round 32: 78.6 % and 11.7 %, round 33: 78.6 % and 10.4 %; plain, round 32: 75.0 % and 11.7 %, round 33: 75.0 % and 10.4 %)",
            text: include_str!("../../tests/faq/labelled-98.tsv"),
            shipped: (105, 0),
            plain: (105, 0),
        },
        Floor {
            set: "labelled-99 (112, 77; fresh, like set 97; shipped, round 32: 86.6 % and 11.7 %, round 33: 86.6 % and 10.4 %; plain, round 32: 82.1 % and 10.4 %, round 33: 82.1 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-99.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-105 (112, 77; written at round 34's start for tuning; round 33, shipped: 87.5 % and 6.5 %, plain: 81.2 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-105.tsv"),
            shipped: (110, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-106 (112, 77; written at round 34's start for tuning, like set 105; round 33, shipped: 89.3 % and 16.9 %, plain: 85.7 % and 16.9 %)",
            text: include_str!("../../tests/faq/labelled-106.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-102 (112, 77; fresh at round 34's start, held back until all of its tuning was done; round 33 (4777bd1), shipped: 90.2 % right and 13.0 % must-escalate answered, plain: 89.3 % and 9.1 %; round 34 (d6082d2), shipped: 90.2 % and 11.7 %, plain: 89.3 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-102.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-103 (112, 77; fresh, like set 102; shipped, round 33: 84.8 % and 6.5 %, round 34: 85.7 % and 6.5 %; plain, round 33: 83.0 % and 5.2 %, round 34: 83.9 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-103.tsv"),
            shipped: (112, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-104 (112, 77; fresh, like set 102; shipped, round 33: 88.4 % and 3.9 %, round 34: 87.5 % and 3.9 %; plain, round 33: 85.7 % and 3.9 %, round 34: 84.8 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-104.tsv"),
            shipped: (110, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-110 (112, 77; written at round 35's start for tuning; round 34, shipped: 82.1 % and 9.1 %, plain: 77.7 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-110.tsv"),
            shipped: (110, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-111 (112, 77; written at round 35's start for tuning, like set 110; round 34, shipped: 81.2 % and 10.4 %, plain: 73.2 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-111.tsv"),
            shipped: (111, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-107 (112, 77; fresh at round 35's start, held back until all of its tuning was done; round 34 (243ba59), shipped: 85.7 % right and 6.5 % must-escalate answered, plain: 82.1 % and 7.8 %; round 35 (e757a2a), the same; after a fix made once it had run (cb2cc18), shipped 5.2 % must-escalate answered)",
            text: include_str!("../../tests/faq/labelled-107.tsv"),
            shipped: (106, 0),
            plain: (106, 0),
        },
        Floor {
            set: "labelled-108 (112, 77; fresh, like set 107; shipped, round 34 and round 35: 86.6 % and 6.5 %; plain, both: 79.5 % and 7.8 %; after a fix made once it had run (Silesian and Swiss German not supported), 3.9 % and 5.2 % must-escalate answered)",
            text: include_str!("../../tests/faq/labelled-108.tsv"),
            shipped: (105, 0),
            plain: (103, 0),
        },
        Floor {
            set: "labelled-109 (112, 77; fresh, like set 107; shipped, round 34: 87.5 % and 5.2 %, round 35: 88.4 % and 5.2 %; plain, round 34: 81.2 % and 5.2 %, round 35: 82.1 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-109.tsv"),
            shipped: (107, 0),
            plain: (106, 0),
        },
        Floor {
            set: "labelled-115 (112, 77; written at round 36's start for tuning; round 35, shipped: 81.2 % right and 23.4 % must-escalate answered, plain: 83.9 % and 19.5 %)",
            text: include_str!("../../tests/faq/labelled-115.tsv"),
            shipped: (112, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-116 (112, 77; written at round 36's start for tuning, like set 115; round 35, shipped: 89.3 % and 10.4 %, plain: 87.5 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-116.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-112 (112, 77; fresh at round 36's start, held back until all of its tuning was done; round 35 (480cc11), shipped: 95.5 % right and 16.9 % must-escalate answered, plain: 91.1 % and 14.3 %; round 36 (6864ed4), the same; after a fix made once it had run (packaging asked about, 2f1fffc), 9.1 % and 6.5 % must-escalate answered)",
            text: include_str!("../../tests/faq/labelled-112.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-113 (112, 77; fresh, like set 112; shipped, round 35 and round 36: 76.8 % and 3.9 %; plain, both: 71.4 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-113.tsv"),
            shipped: (107, 0),
            plain: (106, 0),
        },
        Floor {
            set: "labelled-114 (112, 77; fresh, like set 112; shipped, round 35: 92.9 % and 6.5 %, round 36: 92.9 % and 5.2 %; plain, round 35: 92.0 % and 3.9 %, round 36: 92.0 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-114.tsv"),
            shipped: (111, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-120 (112, 77; written at round 37's start for tuning: refunds owed after a return made, customers unsure which kind of problem theirs is, a café visit beside the team's hours; round 36 (d6c65e6), shipped: 74.1 % right and 7.8 % must-escalate answered, plain: 67.9 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-120.tsv"),
            // Round 42's review took out terms that misread ordinary messages ("bank", "received",
            // "the same order", "nedostupné", "not shipped yet"), at this cost.
            shipped: (106, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-121 (112, 77; written at round 37's start for tuning: adverts, influencers and business offers, packaging, stock, codes and addresses told beside ordinary questions; round 36, shipped: 80.4 % and 2.6 %, plain: 78.6 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-121.tsv"),
            shipped: (107, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-117 (112, 77; fresh at round 37's start, held back until all of its tuning was done; round 36 (d6c65e6) and round 37 (cdc6949), shipped: 92.9 % right and 5.2 % must-escalate answered, plain: 92.9 % and 5.2 %; the fixes made once it had run moved none of it)",
            text: include_str!("../../tests/faq/labelled-117.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-118 (112, 77; fresh, like set 117; round 36 and round 37, shipped: 89.3 % and 6.5 %, plain: 86.6 % and 6.5 %; after fixes made once it had run (numbered lists of questions), 1.3 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-118.tsv"),
            shipped: (106, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-119 (112, 77; fresh, like set 117; round 36 and round 37, shipped: 94.6 % and 2.6 %, plain: 92.0 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-119.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-125 (112, 77; written at round 38's start for tuning: dialects and neighbours of the supported languages beside their colloquial and regional standard forms; round 37 (b484d86), shipped: 93.8 % right and 6.5 % must-escalate answered, plain: 87.5 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-125.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-126 (112, 77; written at round 38's start for tuning: emoji as separators, two topics in one sentence, contempt without swear words, tables in the café, products broken in use beside parcels broken on arrival; round 37, shipped: 94.6 % and 13.0 %, plain: 91.1 % and 10.4 %)",
            text: include_str!("../../tests/faq/labelled-126.tsv"),
            shipped: (112, 1),
            plain: (111, 1),
        },
        Floor {
            set: "labelled-127 (112, 77; written at round 39's start, held back and run once after its last tuning commit: two topics asked by intonation alone or announced inside a sentence, doubted texts retold without a link; round 38, shipped: 89.3 % and 22.1 %, plain: 84.8 % and 18.2 %; round 39 fresh: 89.3 % and 20.8 %, plain: 84.8 % and 16.9 %)",
            text: include_str!("../../tests/faq/labelled-127.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-128 (112, 77; written at round 39's start, held back and run once: actions on an order in everyday words, supply and samples for businesses, events and groups in the café; round 38, shipped: 83.9 % and 10.4 %, plain: 81.2 % and 6.5 %; round 39 fresh: 83.9 % and 9.1 %, plain: 81.2 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-128.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-129 (112, 77; written at round 39's start, held back and run once: compatibility, stock, a product's price and advice asked like FAQ questions, agency, supplier and job offers, fast typing; round 38, shipped: 95.5 % and 6.5 %, plain: 92.0 % and 6.5 %; round 39 fresh: 96.4 % and 6.5 %, plain: 92.9 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-129.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-130 (112, 77; written at round 39's start for tuning: two topics asked by intonation alone or announced inside a sentence, actions on an order, wholesale and café visits beside small businesses and the team's hours; round 38, shipped: 87.5 % and 11.7 %, plain: 83.0 % and 15.6 %)",
            text: include_str!("../../tests/faq/labelled-130.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-131 (112, 77; written at round 39's start for tuning: compatibility, stock and advice asked like FAQ questions, offers, doubted texts retold without a link, contempt in slang; round 38, shipped: 85.7 % and 11.7 %, plain: 82.1 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-131.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-122 (112, 77; fresh at round 38's start, held back until all of its tuning was done: customers abroad and travelling, an emoji or a dash between story and question, an earlier order's story; round 37 (b484d86), shipped: 87.5 % right and 11.7 % must-escalate answered, plain: 82.1 % and 10.4 %; round 38 (8131f57): 87.5 % and 10.4 %, plain 82.1 % and 9.1 %; after fixes made once it had run, 9.1 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-122.tsv"),
            shipped: (106, 0),
            plain: (106, 0),
        },
        Floor {
            set: "labelled-123 (112, 77; fresh, like set 122: angry, sarcastic and disappointed customers, two things joined by 'and', follow-ups; round 37 and round 38, shipped: 92.9 % and 7.8 %, plain: 89.3 % and 5.2 %; after fixes made once it had run, 1.3 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-123.tsv"),
            // Round 43's review took out terms that misread ordinary messages; (plain) a threat with a deadline of tomorrow is
            // answered again.
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-124 (112, 77; fresh, like set 122: offices, cafés and restaurants ordering, visitors to the café, equipment broken in use beside parcels broken on arrival; round 37, shipped: 95.5 % and 7.8 %, plain: 92.9 % and 6.5 %; round 38: 95.5 % and 6.5 %, plain 92.9 % and 6.5 %; after fixes made once it had run, 5.2 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-124.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-132 (112, 77; fresh at round 40's start, held back until all of its tuning was done: two topics where one is a statement or an aside, question tags, the hours and the phone in one request; round 39 (9507bb0), shipped: 88.4 % right and 15.6 % must-escalate answered, plain: 84.8 % and 16.9 %; round 40 (31e9a73): 88.4 % and 10.4 %, plain 84.8 % and 11.7 %; a fix made once it had run (\"dobre?\" as a tag) and the review's narrowing (\"ok?\" no tag) left these as they were)",
            text: include_str!("../../tests/faq/labelled-132.tsv"),
            // Round 40's review narrowed terms that misread ordinary messages ("any update", "ok?" as
            // a tag, "poukaz na", a closing mid-sentence), at this cost.
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-133 (112, 77; fresh at round 40's start, like set 132: the Christmas season, delivery before the holidays, the team over the holidays, gifts, gift wrapping and cards; round 39 and round 40, shipped: 89.3 % and 2.6 %, plain: 83.9 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-133.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-134 (112, 77; fresh at round 40's start, like set 132: exchanges and swaps (labelled none, against the 24 exchanges earlier sets label returns), items missing or wrong, damage beside faults; round 39, shipped: 91.1 % and 10.4 %, plain: 84.8 % and 7.8 %; round 40: 91.1 % and 9.1 %, plain 84.8 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-134.tsv"),
            // Round 43 answers an exchange of goods received with the returns answer, as most sets
            // label it; this set labels such exchanges none (see its line above).
            shipped: (112, 4),
            plain: (112, 4),
        },
        Floor {
            set: "labelled-135 (112, 77; written at round 40's start for tuning: mails pasted in with signatures, quotes and footers, forwarded courier texts; round 39, shipped: 92.9 % and 1.3 %, plain: 88.4 % and 0 %)",
            text: include_str!("../../tests/faq/labelled-135.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-136 (112, 77; written at round 40's start for tuning: fragments of one to four words, slang; round 39, shipped: 94.6 % and 11.7 %, plain: 90.2 % and 11.7 %)",
            text: include_str!("../../tests/faq/labelled-136.tsv"),
            // Round 40's review narrowed terms that misread ordinary messages ("any update", "ok?" as
            // a tag, "poukaz na", a closing mid-sentence), at this cost.
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-137 (112, 77; written at round 40's start for tuning: must-escalate messages that look like FAQ questions beside the answerable ones that share their words; round 39, shipped: 86.6 % and 7.8 %, plain: 83.0 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-137.tsv"),
            // Round 40's review narrowed terms that misread ordinary messages ("any update", "ok?" as
            // a tag, "poukaz na", a closing mid-sentence), at this cost.
            shipped: (110, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-138 (112, 77; written at round 40's start for tuning: Instagram and X, hashtags, mentions, replies to posts and stories; round 39, shipped: 93.8 % and 6.5 %, plain: 86.6 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-138.tsv"),
            shipped: (111, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-139 (112, 77; fresh at round 41's start, held back until all of its tuning was done (run once, after 1e45adf): statements and presence: an arrival told with a day, the team's hours in words of presence, the hours and a number in one request; round 40 (5e84db7), shipped: 85.7 % right and 13.0 % must-escalate answered, plain: 75.9 % and 13.0 %; round 41: 85.7 % and 9.1 %, plain 75.9 % and 10.4 %)",
            text: include_str!("../../tests/faq/labelled-139.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-140 (112, 77; fresh at round 41's start, held back until all of its tuning was done (run once, after 1e45adf): paying in depth: methods named, a declined card, money taken twice, instalments, a method named beside another topic; round 40 (5e84db7), shipped: 93.8 % right and 9.1 % must-escalate answered, plain: 90.2 % and 7.8 %; round 41: 93.8 % and 7.8 %, plain 90.2 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-140.tsv"),
            shipped: (113, 0),
            plain: (113, 0),
        },
        Floor {
            set: "labelled-141 (112, 77; fresh at round 41's start, held back until all of its tuning was done (run once, after 1e45adf): wrong, missing, broken and unwanted goods, exchanges of goods received, tracking beside delivery times; round 40 (5e84db7), shipped: 82.1 % right and 14.3 % must-escalate answered, plain: 80.4 % and 15.6 %; round 41: 82.1 % and 13.0 %, plain 80.4 % and 14.3 %)",
            text: include_str!("../../tests/faq/labelled-141.tsv"),
            shipped: (110, 1),
            plain: (111, 1),
        },
        Floor {
            set: "labelled-142 (112, 77; written at round 41's start for tuning: must-escalate messages worded almost like FAQ questions, each beside the answerable one; round 40 (5e84db7), shipped: 91.1 % right and 2.6 % must-escalate answered, plain: 87.5 % and 1.3 %; round 41: 91.1 % and 1.3 %, plain 87.5 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-142.tsv"),
            shipped: (110, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-143 (112, 77; written at round 41's start for tuning: two topics in one message in every form beside one topic asked twice or with a question tag; round 40 (5e84db7), shipped: 86.6 % right and 15.6 % must-escalate answered, plain: 82.1 % and 13.0 %; round 41 (1e45adf): 88.4 % and 3.9 %, plain 83.9 % and 6.5 %; after the review's mends: 88.4 % and 7.8 %, plain 83.9 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-143.tsv"),
            // Round 41's review narrowed the number asked beside another topic (no fragment, no "phone
            // no") and took out "jurist" ("juristische Person"), at this cost.
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-144 (112, 77; written at round 41's start for tuning: the weeks before Christmas: holiday delivery and hours, gifts, voice dictation, fragments, pasted mails; round 40 (5e84db7), shipped: 87.5 % right and 10.4 % must-escalate answered, plain: 80.4 % and 6.5 %; round 41: 88.4 % and 6.5 %, plain 81.2 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-144.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-145 (118, 71; fresh at round 42's start, held back until all of its tuning was done (run once, after b96667f): money back and paying in everyday words: late refunds, cash to the courier, instalments; instalment questions relabelled payment before any run; round 41 (cfe06f3), shipped: 84.7 % right and 8.5 % must-escalate answered, plain: 81.4 % and 8.5 %; round 42: 84.7 % and 5.6 %, plain 81.4 % and 5.6 %)",
            text: include_str!("../../tests/faq/labelled-145.tsv"),
            // Round 42's review took out terms that misread ordinary messages ("bank", "received",
            // "the same order", "nedostupné", "not shipped yet"), at this cost.
            shipped: (117, 0),
            plain: (116, 0),
        },
        Floor {
            set: "labelled-146 (112, 77; fresh at round 42's start, held back until all of its tuning was done (run once, after b96667f): reaching the team: numbers, mailboxes, callbacks, hours in words of presence, both in one message; round 41 (cfe06f3), shipped: 79.5 % right and 13.0 % must-escalate answered, plain: 79.5 % and 13.0 %; round 42: 79.5 % and 11.7 %, plain 79.5 % and 14.3 %)",
            text: include_str!("../../tests/faq/labelled-146.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-147 (112, 77; fresh at round 42's start, held back until all of its tuning was done (run once, after b96667f): an ordinary inbox of first-time and regular customers; round 41 (cfe06f3), shipped: 89.3 % right and 6.5 % must-escalate answered, plain: 85.7 % and 6.5 %; round 42: 89.3 % and 6.5 %, plain 85.7 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-147.tsv"),
            // Round 43's review took out terms that misread ordinary messages; "bude zpátky" (a product back) is
            // answered again.
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-148 (116, 73; written at round 42's start for tuning: like set 145; instalment questions relabelled payment before any run; round 41 (cfe06f3), shipped: 86.2 % right and 8.2 % must-escalate answered, plain: 81.9 % and 4.1 %; round 42: 86.2 % and 4.1 %, plain 81.9 % and 2.7 %)",
            text: include_str!("../../tests/faq/labelled-148.tsv"),
            // Round 42's review took out terms that misread ordinary messages ("bank", "received",
            // "the same order", "nedostupné", "not shipped yet"), at this cost.
            shipped: (115, 0),
            plain: (115, 0),
        },
        Floor {
            set: "labelled-149 (112, 77; written at round 42's start for tuning: like set 146; round 41 (cfe06f3), shipped: 88.4 % right and 16.9 % must-escalate answered, plain: 90.2 % and 15.6 %; round 42: 88.4 % and 10.4 %, plain 90.2 % and 11.7 %)",
            text: include_str!("../../tests/faq/labelled-149.tsv"),
            // Round 42's review took out terms that misread ordinary messages ("bank", "received",
            // "the same order", "nedostupné", "not shipped yet"), at this cost. Round 51: the entry
            // model overrules "two questions" in "op welke uren is er iemand en waar zitten jullie
            // precies qua straat?" (hours and the street, labelled two topics; the contact answer
            // gives both).
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-150 (112, 77; written at round 42's start for tuning: like set 147; round 41 (cfe06f3), shipped: 91.1 % right and 10.4 % must-escalate answered, plain: 91.1 % and 7.8 %; round 42: 91.1 % and 6.5 %, plain 91.1 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-150.tsv"),
            // Round 42's review took out terms that misread ordinary messages ("bank", "received",
            // "the same order", "nedostupné", "not shipped yet"), at this cost.
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-151 (112, 77; fresh at round 43's start, held back until all of its tuning was done (run once, after 145da31): an ordinary inbox of first-time and regular customers; round 42 (de4a8c2), shipped: 88.4 % right and 2.6 % must-escalate answered, plain: 83.0 % and 2.6 %; round 43: 91.1 % and 2.6 %, plain 86.6 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-151.tsv"),
            shipped: (111, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-152 (112, 77; fresh at round 43's start, held back until all of its tuning was done (run once, after 145da31): orders on their way and after: tracking, pick-up points, paying on delivery, invoices, exchanges and returns, refunds in time and late, beside the must-escalate look-alikes; round 42 (de4a8c2), shipped: 80.4 % and 10.4 %, plain: 75.9 % and 9.1 %; round 43: 81.2 % and 9.1 %, plain 78.6 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-152.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-153 (112, 77; fresh at round 43's start, held back until all of its tuning was done (run once, after 145da31): something went wrong: crushed or leaking parcels, warranty claims, couriers who did not ring, reaching the team; calm complaints beside angry ones, threats and GDPR requests; round 42 (de4a8c2), shipped: 85.7 % and 13.0 %, plain: 85.7 % and 9.1 %; round 43: 85.7 % and 13.0 %, plain 85.7 % and 9.1 %)",
            text: include_str!("../../tests/faq/labelled-153.tsv"),
            shipped: (110, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-154 (112, 77; written at round 43's start for tuning: like set 151; round 42 (de4a8c2), shipped: 92.9 % right and 7.8 % must-escalate answered, plain: 88.4 % and 6.5 %; round 43: 95.5 % and 2.6 %, plain 93.8 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-154.tsv"),
            // Round 43's review took out terms that misread ordinary messages; "doppelt ... abgebucht" is
            // answered again.
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-155 (112, 77; written at round 43's start for tuning: like set 152; round 42 (de4a8c2), shipped: 92.9 % and 10.4 %, plain: 88.4 % and 7.8 %; round 43: 92.9 % and 6.5 %, plain 91.1 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-155.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-156 (112, 77; written at round 43's start for tuning: like set 153; round 42 (de4a8c2), shipped: 92.9 % and 3.9 %, plain: 84.8 % and 2.6 %; round 43: 95.5 % and 3.9 %, plain 91.1 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-156.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-157 (112, 77; written at round 44's start, held back and run once after the round's last tuning commit: an ordinary inbox; round 43 (7acf8e4) and round 44 alike, shipped: 87.5 % right and 9.1 % must-escalate answered, plain: 87.5 % and 5.2 %; after the run's mends 6.5 % and 3.9 % answered)",
            text: include_str!("../../tests/faq/labelled-157.tsv"),
            shipped: (111, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-158 (112, 77; written at round 44's start, held back: long stories; rounds 43 and 44 alike, shipped: 79.5 % and 5.2 %, plain: 81.2 % and 3.9 %; after the run's mends 3.9 % and 3.9 % answered)",
            text: include_str!("../../tests/faq/labelled-158.tsv"),
            shipped: (108, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-159 (112, 77; written at round 44's start, held back: short mobile messages; rounds 43 and 44 alike, shipped: 88.4 % and 9.1 %, plain: 83.0 % and 6.5 %; after the run's mends 6.5 % and 5.2 % answered)",
            text: include_str!("../../tests/faq/labelled-159.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-160 (112, 77; written at round 44's start for tuning: an ordinary inbox; round 43 (7acf8e4), shipped: 92.9 % and 9.1 %, plain: 89.3 % and 7.8 %; round 44: 95.5 % and 2.6 %, plain 92.0 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-160.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-161 (112, 77; written at round 44's start for tuning: look-alikes of FAQ topics; round 43, shipped: 91.1 % and 7.8 %, plain: 87.5 % and 5.2 %; round 44: 92.9 % and 1.3 %, plain 89.3 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-161.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-162 (112, 77; written at round 44's start for tuning: long stories; round 43, shipped: 86.6 % and 9.1 %, plain: 83.0 % and 9.1 %; round 44: 92.0 % and 3.9 %, plain 85.7 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-162.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-163 (112, 77; written at round 45's start, held back and run once after the round's last tuning commit: an ordinary inbox; round 44 (e2db27b), shipped: 88.4 % right and 3.9 % must-escalate answered, plain: 82.1 % and 3.9 %; round 45: 89.3 % and 3.9 %, plain 83.0 % and 3.9 %; after the run's mends 1.3 % and 2.6 % answered)",
            text: include_str!("../../tests/faq/labelled-163.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-164 (112, 77; written at round 45's start, held back: long stories; rounds 44 and 45 alike, shipped: 93.8 % and 3.9 %, plain: 90.2 % and 3.9 %; after the run's mends 1.3 % and 1.3 % answered)",
            text: include_str!("../../tests/faq/labelled-164.tsv"),
            shipped: (112, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-165 (112, 77; written at round 45's start, held back: short mobile messages; rounds 44 and 45 alike, shipped: 88.4 % and 2.6 %, plain: 84.8 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-165.tsv"),
            shipped: (109, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-166 (112, 77; written at round 45's start for tuning: an ordinary inbox; round 44, shipped: 87.5 % and 10.4 %, plain: 83.0 % and 9.1 %; round 45: 92.0 % and 2.6 %, plain 87.5 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-166.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-167 (112, 77; written at round 45's start for tuning: long stories; round 44, shipped: 92.0 % and 5.2 %, plain: 88.4 % and 5.2 %; round 45: 92.9 % and 1.3 %, plain 89.3 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-167.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-168 (112, 77; written at round 45's start for tuning: short mobile messages; round 44, shipped: 84.8 % and 10.4 %, plain: 83.0 % and 10.4 %; round 45: 89.3 % and 2.6 %, plain 87.5 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-168.tsv"),
            shipped: (108, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-169 (112, 77; written at round 46's start, held back and run once after the round's last tuning commit: an ordinary inbox; rounds 45 (6bb439d) and 46 alike, shipped: 91.1 % right and 3.9 % must-escalate answered, plain: 89.3 % and 2.6 %; after the run's mends 2.6 % and 1.3 % answered)",
            text: include_str!("../../tests/faq/labelled-169.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-170 (112, 77; written at round 46's start, held back and run once after the round's last tuning commit: long stories; rounds 45 (6bb439d) and 46 alike, shipped: 92.0 % right and 6.5 % must-escalate answered, plain: 89.3 % and 6.5 %)",
            text: include_str!("../../tests/faq/labelled-170.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-171 (112, 77; written at round 46's start, held back and run once after the round's last tuning commit: short mobile messages; rounds 45 (6bb439d) and 46 alike, shipped: 86.6 % right and 7.8 % must-escalate answered, plain: 85.7 % and 5.2 %; after the run's mends 3.9 % and 3.9 % answered)",
            text: include_str!("../../tests/faq/labelled-171.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-172 (112, 77; written at round 46's start for tuning: an ordinary inbox; round 45, shipped: 89.3 % and 7.8 %, plain: 87.5 % and 5.2 %; round 46: 93.8 % and 2.6 %, plain 92.0 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-172.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-173 (112, 77; written at round 46's start for tuning: long stories; round 45, shipped: 95.5 % and 3.9 %, plain: 89.3 % and 3.9 %; round 46: 97.3 % and 1.3 %, plain 91.1 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-173.tsv"),
            shipped: (111, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-174 (112, 77; written at round 46's start for tuning: short mobile messages; round 45, shipped: 93.8 % and 3.9 %, plain: 90.2 % and 5.2 %; round 46: 94.6 % and 0.0 %, plain 91.1 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-174.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-175 (112, 77; written at round 47's start, held back and run once after the round's last commit with a matcher change (2462b3f): an ordinary inbox; rounds 46 (07ea963) and 47 alike, shipped: 87.5 % right and 7.8 % must-escalate answered, plain: 88.4 % and 5.2 %)",
            text: include_str!("../../tests/faq/labelled-175.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-176 (112, 77; written at round 47's start, held back and run once after the round's last commit with a matcher change (2462b3f): long stories; rounds 46 (07ea963) and 47 alike, shipped: 86.6 % right and 6.5 % must-escalate answered, plain: 83.0 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-176.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-177 (112, 77; written at round 47's start, held back and run once after the round's last commit with a matcher change (2462b3f): short mobile messages; rounds 46 (07ea963) and 47 alike, shipped: 83.9 % right and 6.5 % must-escalate answered, plain: 85.7 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-177.tsv"),
            shipped: (107, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-178 (112, 77; written at round 48's start, held back and run once after the round's last commit with a matcher change (e301e5b): an ordinary inbox; rounds 47 (d6dfb69) and 48 alike, shipped: 83.0 % right and 6.5 % must-escalate answered, plain: 83.0 % and 3.9 %)",
            text: include_str!("../../tests/faq/labelled-178.tsv"),
            shipped: (112, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-179 (112, 77; written at round 48's start, held back and run once after the round's last commit with a matcher change (e301e5b): long stories; rounds 47 (d6dfb69) and 48 alike, shipped: 92.0 % right and 6.5 % must-escalate answered, plain: 92.0 % and 7.8 %)",
            text: include_str!("../../tests/faq/labelled-179.tsv"),
            shipped: (112, 0),
            plain: (112, 0),
        },
        Floor {
            set: "labelled-180 (112, 77; written at round 48's start, held back and run once after the round's last commit with a matcher change (e301e5b): short mobile messages; rounds 47 (d6dfb69) and 48 alike, shipped: 91.1 % right and 5.2 % must-escalate answered, plain: 86.6 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-180.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-181 (112, 77; written at round 49's start, held back and run once after the round's last commit with a matcher change (2407c37): an ordinary inbox; round 48's rules alone (102926d), shipped: 87.5 % right and 6.5 % must-escalate answered, plain: 83.9 % and 6.5 %; round 49 with the learned gate: 86.6 % and 2.6 %, plain 83.0 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-181.tsv"),
            shipped: (108, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-182 (112, 77; written at round 49's start, held back and run once after the round's last commit with a matcher change (2407c37): long, chatty messages; round 48's rules alone (102926d), shipped: 90.2 % right and 2.6 % must-escalate answered, plain: 86.6 % and 2.6 %; round 49 with the learned gate: 90.2 % and 1.3 %, plain 86.6 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-182.tsv"),
            shipped: (109, 0),
            plain: (109, 0),
        },
        Floor {
            set: "labelled-183 (112, 77; written at round 49's start, held back and run once after the round's last commit with a matcher change (2407c37): short mobile messages; round 48's rules alone (102926d), shipped: 84.8 % right and 3.9 % must-escalate answered, plain: 80.4 % and 5.2 %; round 49 with the learned gate: 84.8 % and 2.6 %, plain 80.4 % and 2.6 %)",
            text: include_str!("../../tests/faq/labelled-183.tsv"),
            shipped: (109, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-184 (112, 77; written at round 50's start, held back and run once after the round's last commit with a matcher change (f607480): a busy shared inbox; round 49's learned gate alone, shipped: 95.5 % right and 1.3 % must-escalate answered, plain: 93.8 % and 1.3 %; round 50 with the learned entry model: 95.5 % and 1.3 %, plain 94.6 % and 1.3 %; after the run, an interest stated (\"interesuje mnie koszt przesyłki\") is a request: 96.4 % and 95.5 %)",
            text: include_str!("../../tests/faq/labelled-184.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-185 (112, 77; written at round 50's start, held back and run once after the round's last commit with a matcher change (f607480): long stories; round 49's learned gate alone, shipped: 86.6 % right and 6.5 % must-escalate answered, plain: 86.6 % and 5.2 %; round 50 with the learned entry model: 85.7 % and 0.0 %, plain 84.8 % and 0.0 %)",
            text: include_str!("../../tests/faq/labelled-185.tsv"),
            shipped: (108, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-186 (112, 77; written at round 50's start, held back and run once after the round's last commit with a matcher change (f607480): short mobile messages; round 49's learned gate alone, shipped: 83.9 % right and 3.9 % must-escalate answered, plain: 80.4 % and 5.2 %; round 50 with the learned entry model: 92.9 % and 0.0 %, plain 91.1 % and 0.0 %; after the run, a request for a person is no longer taken for the contact entry by the model (two contact labels each), 91.1 % and 89.3 %)",
            text: include_str!("../../tests/faq/labelled-186.tsv"),
            shipped: (108, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-187 (112, 77; written at round 51's start, held back and run once after the round's last commit with a matcher change (1bf0c66): an ordinary inbox; round 50 (c6d71b1), shipped: 94.6 % right and 0.0 % must-escalate answered, plain: 93.8 % and 0.0 %; round 51 with the entry model's own entry where it doubts the scores', and its overrule: 98.2 % and 0.0 %, plain 97.3 % and 0.0 %)",
            text: include_str!("../../tests/faq/labelled-187.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-188 (112, 77; written at round 51's start, held back and run once after the round's last commit with a matcher change (1bf0c66): indirect and polite requests; round 50 (c6d71b1), shipped: 92.9 % right and 2.6 % must-escalate answered, plain: 90.2 % and 1.3 %; round 51 with the entry model's own entry where it doubts the scores', and its overrule: 94.6 % and 2.6 %, plain 93.8 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-188.tsv"),
            shipped: (110, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-189 (112, 77; written at round 51's start, held back and run once after the round's last commit with a matcher change (1bf0c66): long stories; round 50 (c6d71b1), shipped: 88.4 % right and 1.3 % must-escalate answered, plain: 85.7 % and 1.3 %; round 51 with the entry model's own entry where it doubts the scores', and its overrule: 95.5 % and 1.3 %, plain 92.0 % and 1.3 %)",
            text: include_str!("../../tests/faq/labelled-189.tsv"),
            shipped: (110, 1),
            plain: (108, 1),
        },
        Floor {
            set: "labelled-190 (112, 77; written at round 52's start, held back and run once after the round's last commit with a matcher change (75dc704): an ordinary inbox)",
            text: include_str!("../../tests/faq/labelled-190.tsv"),
            shipped: (111, 0),
            plain: (110, 0),
        },
        Floor {
            set: "labelled-191 (112, 77; written at round 52's start, held back and run once after the round's last commit with a matcher change (75dc704): where matchers err)",
            text: include_str!("../../tests/faq/labelled-191.tsv"),
            shipped: (109, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-192 (112, 77; written at round 52's start, held back and run once after the round's last commit with a matcher change (75dc704): short and sloppy mobile messages, Latin-written Ukrainian among them)",
            text: include_str!("../../tests/faq/labelled-192.tsv"),
            shipped: (105, 0),
            plain: (105, 0),
        },
        Floor {
            set: "labelled-193 (112, 77; written at round 53's start, held back and run once after the round's last commit with a matcher change before that run (9287429): an ordinary inbox; shipped: 99.1 % right and 0 must-escalate answered, plain 99.1 % and 0, the same as round 52's code (0424ca4))",
            text: include_str!("../../tests/faq/labelled-193.tsv"),
            shipped: (111, 0),
            plain: (111, 0),
        },
        Floor {
            set: "labelled-194 (112, 77; written at round 53's start, held back and run once after the round's last commit with a matcher change before that run (9287429): where matchers err; shipped: 95.5 % right, 0.9 % wrong and 0 must-escalate answered, plain 92.9 %, 0.9 % and 0, the same as round 52's code (0424ca4))",
            text: include_str!("../../tests/faq/labelled-194.tsv"),
            shipped: (109, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-195 (112, 77; written at round 53's start, held back and run once after the round's last commit with a matcher change before that run (9287429): long stories; shipped: 97.3 % right and 1.3 % must-escalate answered, plain 96.4 % and 2.6 %, the same as round 52's code (0424ca4))",
            text: include_str!("../../tests/faq/labelled-195.tsv"),
            shipped: (109, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-196 (112, 77; written at round 53's start, held back and run once after the round's last commit with a matcher change before that run (9287429): short and sloppy mobile messages, Latin-written Ukrainian among them; shipped: 92.9 % right and 3.9 % must-escalate answered, plain 92.0 % and 5.2 %, the same as round 52's code (0424ca4))",
            text: include_str!("../../tests/faq/labelled-196.tsv"),
            shipped: (104, 0),
            plain: (103, 0),
        },
        Floor {
            set: "labelled-197 (112, 77; written in round 53 after sets 193-196 ran, held back and run once after the round's last commit with a matcher change before that run (a80b48b): an ordinary inbox; shipped: 97.3 % right and 0 must-escalate answered, plain 96.4 % and 0, the same as round 52's code (0424ca4) and 9287429)",
            text: include_str!("../../tests/faq/labelled-197.tsv"),
            shipped: (109, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-198 (112, 77; written in round 53 after sets 193-196 ran, held back and run once after the round's last commit with a matcher change before that run (a80b48b): where matchers err; shipped: 94.6 % right and 0 must-escalate answered, plain 96.4 % and 0, the same as round 52's code (0424ca4) and 9287429)",
            text: include_str!("../../tests/faq/labelled-198.tsv"),
            shipped: (106, 0),
            plain: (108, 0),
        },
        Floor {
            set: "labelled-199 (112, 77; written in round 53 after sets 193-196 ran, held back and run once after the round's last commit with a matcher change before that run (a80b48b): long stories; shipped: 95.5 % right and 0 must-escalate answered, plain 95.5 % and 0, the same as round 52's code (0424ca4) and 9287429)",
            text: include_str!("../../tests/faq/labelled-199.tsv"),
            shipped: (107, 0),
            plain: (107, 0),
        },
        Floor {
            set: "labelled-200 (112, 77; written in round 53 after sets 193-196 ran, held back and run once after the round's last commit with a matcher change before that run (a80b48b): short and sloppy mobile messages, Latin-written Ukrainian among them; shipped: 96.4 % right and 1.3 % must-escalate answered, plain 96.4 % and 1.3 %, the same as round 52's code (0424ca4) and 9287429)",
            text: include_str!("../../tests/faq/labelled-200.tsv"),
            shipped: (108, 0),
            plain: (108, 0),
        },
    ];

    /// The floors the matcher reached on each committed labelled set (issue 16): a change
    /// that answers fewer of a set right, or more of what must reach a person, fails here.
    #[test]
    fn each_labelled_set_stays_above_the_achieved_floor() {
        let shipped = page(include_str!("../../responses/faq/eshop.toml"));
        let plain = page(include_str!("../../tests/faq/plain-faq.toml"));
        let mut below = Vec::new();
        for floor in FLOORS {
            let messages = parse(floor.text).expect("a labelled set");
            for (name, page, (right, escalated)) in [
                ("shipped", &shipped, floor.shipped),
                ("plain", &plain, floor.plain),
            ] {
                let report = evaluate(page, &messages);
                let total = report.total;
                if total.answered_right < right || total.escalate_answered > escalated {
                    below.push(format!(
                        "{} with the {name} FAQ: {} right (floor {right}), {} must-escalate answered (at most {escalated})\n{}",
                        floor.set,
                        total.answered_right,
                        total.escalate_answered,
                        render(&report, true)
                    ));
                }
            }
        }
        assert!(below.is_empty(), "{}", below.join("\n"));
    }
}
