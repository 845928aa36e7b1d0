//! Learning the FAQ's gate (`domain::faq::Gate`) from labelled sets, honestly: the threshold
//! is chosen on predictions for sets the model did not learn from (folds by set, so no set
//! is ever both learned from and judged), against what the page's FAQ would answer by its
//! rules alone (no gate, no entry model); then the model is fitted on every set. The threshold is the one that leaves the
//! fewest must-escalate messages answered while costing at most `right_drop` points of right
//! answers on the held-out folds. The FAQ's own example phrasings are learned from in every
//! fold (an example of an entry for a person as a message for one): the labelled sets were
//! written to differ from them, so without them the plainest questions ("kolik stojí
//! doprava?") are the ones the sets show least.

use crate::domain::faq::{Faq, Gate, Training};
use crate::domain::page::Page;
use crate::faq_eval::Labelled;

/// How many folds the sets are split into.
const FOLDS: usize = 5;

/// One threshold tried on the held-out folds: the share of answerable messages answered right
/// and the share of must-escalate messages answered, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tried {
    pub threshold: f32,
    pub right: f64,
    pub escalate_answered: f64,
}

/// The gate learned from `sets`, with its threshold, and every threshold tried (the first row
/// is no gate at all: threshold 1).
pub fn learn(
    page: &Page,
    sets: &[Vec<Labelled>],
    right_drop: f64,
    training: Training,
) -> (Gate, Vec<Tried>) {
    // What the FAQ answers by its rules alone (no learned model), and the held-out
    // probability of each message.
    let ungated = Faq::clone(&page.faq).with_gate(None).with_entry_model(None);
    let mut held_out: Vec<(Option<&str>, Option<String>, f32)> = Vec::new();
    for (learned, judged) in folds(sets) {
        let learned: Vec<(bool, &str)> = learned
            .iter()
            .map(|m| (m.expected.is_none(), m.text.as_str()))
            .chain(ungated.examples())
            .collect();
        let gate = Gate::train(&learned, training);
        for message in judged {
            let answered = ungated
                .matches(&message.text)
                .verdict
                .answered_entry()
                .map(str::to_owned);
            held_out.push((
                message.expected.as_deref(),
                answered,
                gate.must_escalate(&message.text),
            ));
        }
    }
    let tried: Vec<Tried> = std::iter::once(1.0)
        .chain((30..100).rev().map(|t| t as f32 / 100.0))
        .map(|threshold| {
            let (mut answerable, mut right, mut escalate, mut answered) = (0, 0, 0, 0);
            for (expected, got, p) in &held_out {
                let got = got.as_deref().filter(|_| *p <= threshold);
                match expected {
                    Some(expected) => {
                        answerable += 1;
                        right += usize::from(got == Some(*expected));
                    }
                    None => {
                        escalate += 1;
                        answered += usize::from(got.is_some());
                    }
                }
            }
            Tried {
                threshold,
                right: percent(right, answerable),
                escalate_answered: percent(answered, escalate),
            }
        })
        .collect();
    let least_right = tried.first().map_or(0.0, |none| none.right - right_drop);
    // The fewest must-escalate answered within the budget; of equals, the highest threshold
    // (the fewest answers held back).
    let chosen = tried
        .iter()
        .filter(|t| t.right >= least_right)
        .min_by(|a, b| {
            a.escalate_answered
                .total_cmp(&b.escalate_answered)
                .then(b.threshold.total_cmp(&a.threshold))
        })
        .map_or(1.0, |t| t.threshold);
    let all: Vec<(bool, &str)> = sets
        .iter()
        .flatten()
        .map(|m| (m.expected.is_none(), m.text.as_str()))
        .chain(ungated.examples())
        .collect();
    (Gate::train(&all, training).with_threshold(chosen), tried)
}

/// Per fold that has sets to learn from: the messages of the sets it learns from and of the
/// sets it holds out (set `i` is held out by fold `i % FOLDS`, so no set is both).
pub(crate) fn folds(
    sets: &[Vec<Labelled>],
) -> impl Iterator<Item = (Vec<&Labelled>, Vec<&Labelled>)> {
    (0..FOLDS)
        .map(|fold| {
            let of = |held_out: bool| {
                sets.iter()
                    .enumerate()
                    .filter(move |(set, _)| (set % FOLDS == fold) == held_out)
                    .flat_map(|(_, set)| set.iter())
                    .collect::<Vec<&Labelled>>()
            };
            (of(false), of(true))
        })
        .filter(|(learned, _)| !learned.is_empty())
}

pub(crate) fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// What the tests of the learners (this one's and `faq_entries`') learn from.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::domain::faq::Training;
    use crate::domain::page::{FaqFile, Page, PageFile};
    use crate::faq_eval::{Labelled, parse};

    /// The example page with the shipped FAQ, and labelled sets 171-175.
    pub fn example_shop_and_five_sets() -> (Page, Vec<Vec<Labelled>>) {
        let mut page = PageFile::from_toml(include_str!("../responses/pages/example.toml"))
            .expect("the example page");
        page.faq =
            Some(FaqFile::from_toml(include_str!("../responses/faq/eshop.toml")).expect("the FAQ"));
        let sets = [
            include_str!("../tests/faq/labelled-171.tsv"),
            include_str!("../tests/faq/labelled-172.tsv"),
            include_str!("../tests/faq/labelled-173.tsv"),
            include_str!("../tests/faq/labelled-174.tsv"),
            include_str!("../tests/faq/labelled-175.tsv"),
        ]
        .iter()
        .map(|text| parse(text).expect("a labelled set"))
        .collect();
        (page.validate().expect("a valid page"), sets)
    }

    /// Fewer buckets and epochs than the bundled models': quick in a debug build.
    pub fn quick() -> Training {
        Training {
            bits: 14,
            epochs: 4,
            ..Training::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{example_shop_and_five_sets, quick};
    use super::*;

    #[test]
    fn the_threshold_is_chosen_on_held_out_sets_within_the_budget() {
        let (page, sets) = example_shop_and_five_sets();
        let (gate, tried) = learn(&page, &sets, 0.5, quick());
        let none = tried[0];
        assert_eq!(none.threshold, 1.0);
        let chosen = tried
            .iter()
            .find(|t| t.threshold == gate.threshold())
            .expect("the chosen threshold was tried");
        assert!(
            chosen.right >= none.right - 0.5,
            "{chosen:?} beside {none:?}"
        );
        assert!(
            tried
                .iter()
                .filter(|t| t.right >= none.right - 0.5)
                .all(|t| t.escalate_answered >= chosen.escalate_answered),
            "{tried:?}"
        );
        // Held out, the gate holds back some of what the FAQ answered and must reach a person.
        assert!(
            chosen.escalate_answered < none.escalate_answered,
            "{tried:?}"
        );
        assert_eq!(
            Gate::from_bytes(&gate.to_bytes()).as_ref(),
            Ok(&gate),
            "the file reads back"
        );
    }

    #[test]
    fn the_bundled_gate_loads() {
        let gate = Gate::bundled().expect("responses/faq/gate.bin reads");
        assert!((0.5..1.0).contains(&gate.threshold()), "{gate:?}");
    }
}
