//! Learning the FAQ's entry model (`domain::faq::EntryModel`) from labelled sets, as the gate
//! is learned (`faq_gate`): its two thresholds are chosen on predictions for sets the model
//! did not learn from (folds by set), through the whole matcher without a gate, so every
//! rule after the scores judges a taken entry as it will in service; then the model is
//! fitted on every set and the FAQ's own examples.
//!
//! The rescue threshold chosen is the one with the best held-out `right - 5 × (wrong + must
//! escalate answered)`: a wrong answer, or an answer to a message for a person, costs five
//! times what an abstention costs (the customer is told when a person answers, and one
//! does). The doubt threshold is then chosen as the gate's is: the fewest wrong answers and
//! must-escalate answered while costing at most `right_drop` points of right answers. The
//! budget keeps doubting modest: messages unlike the labelled sets' writers' are doubted
//! more, and each doubted answer is a customer who waits for a person.

use crate::domain::faq::{EntryModel, Faq, Training};
use crate::domain::page::Page;
use crate::faq_eval::Labelled;
use crate::faq_gate::{folds, percent};

/// The class of a message for a person (`EntryModel`'s `none`).
const NONE: &str = "none";

/// What an answer the model should not have given costs, in abstentions.
const MISTAKE_COST: i64 = 5;

/// One pair of thresholds tried on the held-out sets: the shares of answerable messages
/// answered right and wrong, and of must-escalate messages answered, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tried {
    pub rescue: f32,
    pub doubt: f32,
    pub right: f64,
    pub wrong: f64,
    pub escalate_answered: f64,
}

/// One held-out message: its label, what the matcher answers without the model and with
/// the model's entry taken, the probability of that entry, and the probability the model
/// gives the entry answered without it.
struct HeldOut {
    expected: Option<String>,
    without: Option<String>,
    taken: Option<String>,
    taken_probability: f32,
    answered_probability: f32,
}

/// The model learned from `sets`, with its thresholds, and every pair tried (the first row is
/// no model at all: nothing taken, nothing doubted).
pub fn learn<'a>(
    page: &'a Page,
    sets: &'a [Vec<Labelled>],
    right_drop: f64,
    training: Training,
) -> (EntryModel, Vec<Tried>) {
    let plain = Faq::clone(&page.faq).with_gate(None).with_entry_model(None);
    let examples: Vec<(&str, &str)> = page
        .faq
        .labelled_examples()
        .map(|(id, escalate, text)| (if escalate { NONE } else { id }, text))
        .collect();
    // Each message as (class, text), the FAQ's examples after them.
    let pairs = |messages: &[&'a Labelled]| -> Vec<(&'a str, &'a str)> {
        messages
            .iter()
            .map(|m| (m.expected.as_deref().unwrap_or(NONE), m.text.as_str()))
            .chain(examples.iter().copied())
            .collect()
    };
    let answer = |faq: &Faq, text: &str| {
        faq.matches(text)
            .verdict
            .answered_entry()
            .map(str::to_owned)
    };
    let mut held_out: Vec<HeldOut> = Vec::new();
    for (learned, judged) in folds(sets) {
        let model = EntryModel::train(&pairs(&learned), training).with_thresholds(0.0, 0.0);
        let taking = Faq::clone(&plain).with_entry_model(Some(model.clone().into()));
        for message in judged {
            let p = model.probabilities(&message.text);
            let probability_of = |entry: Option<&str>| {
                entry
                    .and_then(|id| model.classes().iter().position(|c| c == id))
                    .and_then(|class| p.get(class).copied())
                    .unwrap_or(1.0)
            };
            let without = answer(&plain, &message.text);
            let taken = answer(&taking, &message.text);
            held_out.push(HeldOut {
                expected: message.expected.clone(),
                taken_probability: p.iter().copied().fold(0.0, f32::max),
                answered_probability: probability_of(without.as_deref()),
                without,
                taken,
            });
        }
    }
    let rescues = std::iter::once(1.01).chain((50..100).rev().map(|t| t as f32 / 100.0));
    let tried: Vec<Tried> = rescues
        .flat_map(|rescue| (0..=30).map(move |d| (rescue, d as f32 / 100.0)))
        .map(|(rescue, doubt)| judge(&held_out, rescue, doubt))
        .collect();
    let chosen = choose(&tried, right_drop);
    let all: Vec<&Labelled> = sets.iter().flatten().collect();
    let model =
        EntryModel::train(&pairs(&all), training).with_thresholds(chosen.rescue, chosen.doubt);
    (model, tried)
}

/// The rescue threshold worth the most with nothing doubted, then the doubt threshold that
/// leaves the fewest wrong and must-escalate answers within `right_drop` points of right
/// answers (of equals, the lowest).
fn choose(tried: &[Tried], right_drop: f64) -> Tried {
    let worth = |t: &Tried| t.right - MISTAKE_COST as f64 * (t.wrong + t.escalate_answered);
    let nothing = Tried {
        rescue: 1.01,
        doubt: 0.0,
        right: 0.0,
        wrong: 0.0,
        escalate_answered: 0.0,
    };
    let rescue = tried
        .iter()
        .filter(|t| t.doubt == 0.0)
        .max_by(|a, b| worth(a).total_cmp(&worth(b)))
        .copied()
        .unwrap_or(nothing);
    tried
        .iter()
        .filter(|t| t.rescue == rescue.rescue && t.right >= rescue.right - right_drop)
        .min_by(|a, b| {
            (a.wrong + a.escalate_answered)
                .total_cmp(&(b.wrong + b.escalate_answered))
                .then(a.doubt.total_cmp(&b.doubt))
        })
        .copied()
        .unwrap_or(rescue)
}

/// What the held-out messages come to with an entry taken from `rescue` on and answers
/// doubted under `doubt`.
fn judge(held_out: &[HeldOut], rescue: f32, doubt: f32) -> Tried {
    let (mut answerable, mut right, mut wrong, mut escalate, mut answered) = (0, 0, 0, 0, 0);
    for m in held_out {
        let got = if m.without.is_none() && m.taken_probability >= rescue {
            m.taken.as_deref()
        } else {
            m.without
                .as_deref()
                .filter(|_| m.answered_probability >= doubt)
        };
        match (&m.expected, got) {
            (Some(expected), Some(got)) => {
                answerable += 1;
                if expected == got {
                    right += 1;
                } else {
                    wrong += 1;
                }
            }
            (Some(_), None) => answerable += 1,
            (None, got) => {
                escalate += 1;
                answered += usize::from(got.is_some());
            }
        }
    }
    Tried {
        rescue,
        doubt,
        right: percent(right, answerable),
        wrong: percent(wrong, answerable),
        escalate_answered: percent(answered, escalate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faq_gate::fixtures::{example_shop_and_five_sets, quick};

    #[test]
    fn the_thresholds_are_chosen_on_held_out_sets_and_the_model_serves_the_faq() {
        let (page, sets) = example_shop_and_five_sets();
        let (model, tried) = learn(&page, &sets, 0.5, quick());
        let none = tried[0];
        assert!(none.rescue > 1.0 && none.doubt == 0.0, "{none:?}");
        let worth = |t: &Tried| t.right - 5.0 * (t.wrong + t.escalate_answered);
        let chosen = tried
            .iter()
            .find(|t| t.rescue == model.rescue() && t.doubt == model.doubt())
            .expect("the chosen pair was tried");
        let taken = tried
            .iter()
            .find(|t| t.rescue == model.rescue() && t.doubt == 0.0)
            .expect("the rescue threshold was tried alone");
        assert!(
            tried
                .iter()
                .filter(|t| t.doubt == 0.0)
                .all(|t| worth(t) <= worth(taken)),
            "{taken:?}"
        );
        // The doubt costs at most half a point of right answers, and is the best such.
        assert!(
            chosen.right >= taken.right - 0.5,
            "{chosen:?} beside {taken:?}"
        );
        assert!(
            tried
                .iter()
                .filter(|t| t.rescue == taken.rescue && t.right >= taken.right - 0.5)
                .all(|t| t.wrong + t.escalate_answered >= chosen.wrong + chosen.escalate_answered),
            "{chosen:?}"
        );
        // Held out, the model is worth something: it takes or doubts answers for the better.
        assert!(worth(chosen) > worth(&none), "{chosen:?} beside {none:?}");
        assert_eq!(
            model.classes(),
            [
                "complaints",
                "contact",
                "damaged_parcel",
                "delivery",
                "none",
                "opening_hours",
                "order_status",
                "payment",
                "returns"
            ]
        );
        assert_eq!(
            EntryModel::from_bytes(&model.to_bytes()).as_ref(),
            Ok(&model),
            "the file reads back"
        );
    }

    #[test]
    fn the_bundled_model_loads_and_names_the_example_shops_entries() {
        let model = EntryModel::bundled().expect("responses/faq/entries.bin reads");
        assert!(model.classes().iter().any(|c| c == NONE), "{model:?}");
        assert!(model.classes().iter().any(|c| c == "delivery"), "{model:?}");
        assert!((0.5..=1.0).contains(&model.rescue()), "{model:?}");
        assert!((0.0..0.5).contains(&model.doubt()), "{model:?}");
    }
}
