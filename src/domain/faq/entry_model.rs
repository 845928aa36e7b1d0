//! The learned entry model: a second opinion, learned from the labelled sets, on which entry
//! a message asks about, or whether it is one for a person (the class `none`, which no entry
//! is). It reads a
//! message as the gate does (`bag`) and a softmax model gives each class's probability.
//! The matcher asks it in three places, and only where its own rules are not sure or not
//! safe:
//! - where the scores alone were not sure (`LowScore`, `SmallMargin`, `LowCoverage`), or
//!   were sure of an entry the model gives under `doubt`, and the model names an answering
//!   entry at `rescue` or above, that entry is taken as the best one, and every rule after
//!   the scores still judges it (places, actions on an order, stock, two questions, the
//!   gate);
//! - where a rule would hold the best entry back as not safe to answer (`Unsure::overrulable`:
//!   two questions, an action on an order, a place, stock, money owed) and the model gives
//!   that same entry `overrule` or more, the rule is overruled: the labels that define the
//!   rules say the message asks that one thing, and the gate and the doubt still judge it;
//! - where the matcher would answer an entry it did not take and the model gives it under
//!   `doubt`, the answer is held back (`Unsure::LearnedDoubt`).
//!
//! The classes are entry ids, so a model serves the pages whose FAQ has entries by those
//! ids; a class no entry has is never answered. `frontdesk faq train-entries` picks the three
//! thresholds by cross-validation and writes `responses/faq/entries.bin`, which is bundled; a
//! page turns it on with `learned_entries = true` in its FAQ file.

use std::sync::{Arc, LazyLock};

use super::bag::{
    Floats, MOST_BITS, ModelFileError, Reading, counts, inverse_document_frequency, weighted,
};
use super::gate::Training;

/// How an entry model file starts (then the version's fields, little-endian). Version 1
/// files (`FDENTR01`, no overrule threshold) still read, and overrule nothing.
const MAGIC: &[u8; 8] = b"FDENTR02";
const MAGIC_V1: &[u8; 8] = b"FDENTR01";

/// A threshold no probability reaches: the model takes, or overrules, nothing.
pub const NEVER: f32 = 1.01;

/// From which probability the model takes an entry the scores were not sure of (`rescue`)
/// and overrules a rule that held the best entry back (`overrule`), and under which it
/// doubts an answer (`doubt`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub rescue: f32,
    pub doubt: f32,
    pub overrule: f32,
}

impl Thresholds {
    /// Nothing taken, doubted or overruled: what a model is until its thresholds are chosen.
    pub const NONE: Thresholds = Thresholds {
        rescue: NEVER,
        doubt: 0.0,
        overrule: NEVER,
    };
}

/// The most classes a file may name, and the longest name.
const MOST_CLASSES: usize = 1024;
const LONGEST_CLASS: usize = 256;

#[derive(Clone, PartialEq)]
pub struct EntryModel {
    bits: u32,
    /// Entry ids, and `none`; sorted.
    classes: Vec<String>,
    thresholds: Thresholds,
    bias: Vec<f32>,
    /// Bucket-major: the classes' weights of bucket 0, then of bucket 1, ...
    weights: Vec<f32>,
    idf: Vec<f32>,
}

impl std::fmt::Debug for EntryModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryModel")
            .field("bits", &self.bits)
            .field("classes", &self.classes)
            .field("thresholds", &self.thresholds)
            .finish_non_exhaustive()
    }
}

static BUNDLED: LazyLock<Option<Arc<EntryModel>>> = LazyLock::new(|| {
    EntryModel::from_bytes(include_bytes!("../../../responses/faq/entries.bin"))
        .ok()
        .map(Arc::new)
});

impl EntryModel {
    /// The model trained on the labelled sets, bundled with the binary
    /// (`responses/faq/entries.bin`).
    pub fn bundled() -> Option<Arc<EntryModel>> {
        BUNDLED.clone()
    }

    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    pub fn with_thresholds(self, thresholds: Thresholds) -> EntryModel {
        EntryModel { thresholds, ..self }
    }

    /// Each class's probability for `text`, in the order of `classes`.
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        self.probabilities_as_read(&Reading::new(text))
    }

    /// `probabilities` of a message already read.
    pub(super) fn probabilities_as_read(&self, reading: &Reading) -> Vec<f32> {
        let vector = weighted(&reading.counts(self.bits), &self.idf);
        let mut logits = self.bias.clone();
        softmax(self.logits(&vector, &mut logits));
        logits
    }

    /// Adds each class's weighted sum over `vector` to `logits` (the biases).
    fn logits<'l>(&self, vector: &[(usize, f32)], logits: &'l mut [f32]) -> &'l mut [f32] {
        let classes = self.classes.len();
        for (bucket, x) in vector {
            let from = bucket * classes;
            if let Some(weights) = self.weights.get(from..from + classes) {
                for (logit, weight) in logits.iter_mut().zip(weights) {
                    *logit += weight * x;
                }
            }
        }
        logits
    }

    /// Fits a model on `(class, text)` pairs. Deterministic: the same pairs in the same order
    /// give the same model. It takes nothing and doubts nothing until thresholds are chosen
    /// (`with_thresholds`).
    pub fn train(messages: &[(&str, &str)], training: Training) -> EntryModel {
        let bits = training.bits.clamp(1, MOST_BITS);
        let mut classes: Vec<String> = messages.iter().map(|(c, _)| (*c).to_owned()).collect();
        classes.sort_unstable();
        classes.dedup();
        let k = classes.len();
        let class_of: Vec<usize> = messages
            .iter()
            .map(|(c, _)| classes.binary_search_by(|x| x.as_str().cmp(c)).unwrap_or(0))
            .collect();
        let bagged: Vec<Vec<(usize, f32)>> = messages
            .iter()
            .map(|(_, text)| counts(text, bits))
            .collect();
        let idf = inverse_document_frequency(&bagged, bits);
        let vectors: Vec<Vec<(usize, f32)>> =
            bagged.iter().map(|bag| weighted(bag, &idf)).collect();
        let mut model = EntryModel {
            bits,
            classes,
            thresholds: Thresholds::NONE,
            bias: vec![0.0; k],
            weights: vec![0.0; (1usize << bits) * k],
            idf,
        };
        let mut squared = vec![0.0f32; model.weights.len()];
        let mut bias_squared = vec![0.0f32; k];
        let mut order: Vec<usize> = (0..messages.len()).collect();
        let mut rng = fastrand::Rng::with_seed(16);
        let mut errors = vec![0.0f32; k];
        for _ in 0..training.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let vector = &vectors[i];
                errors.copy_from_slice(&model.bias);
                softmax(model.logits(vector, &mut errors));
                if let Some(truth) = errors.get_mut(class_of[i]) {
                    *truth -= 1.0;
                }
                for (bucket, x) in vector {
                    let from = bucket * k;
                    for (class, error) in errors.iter().enumerate() {
                        let at = from + class;
                        let gradient = error * x + training.l2 * model.weights[at];
                        squared[at] += gradient * gradient;
                        model.weights[at] -=
                            training.learning_rate * gradient / (squared[at].sqrt() + 1e-8);
                    }
                }
                for (class, error) in errors.iter().enumerate() {
                    bias_squared[class] += error * error;
                    model.bias[class] -=
                        training.learning_rate * error / (bias_squared[class].sqrt() + 1e-8);
                }
            }
        }
        model
    }

    /// The model as a file: the magic, bits (u32), the number of classes (u32), each class's
    /// name (its length as u32, then UTF-8), the rescue, doubt and overrule thresholds, the biases,
    /// the weights (bucket-major) and the idf (f32 each), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(32 + 4 * (self.weights.len() + self.idf.len()));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.bits.to_le_bytes());
        bytes.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for class in &self.classes {
            bytes.extend_from_slice(&(class.len() as u32).to_le_bytes());
            bytes.extend_from_slice(class.as_bytes());
        }
        let Thresholds {
            rescue,
            doubt,
            overrule,
        } = self.thresholds;
        for value in [rescue, doubt, overrule]
            .iter()
            .chain(&self.bias)
            .chain(&self.weights)
            .chain(&self.idf)
        {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<EntryModel, ModelFileError> {
        let not_one = ModelFileError::WrongKind("an entry model");
        let (rest, thresholds) = match bytes.strip_prefix(MAGIC) {
            Some(rest) => (rest, 3),
            None => (bytes.strip_prefix(MAGIC_V1).ok_or(not_one.clone())?, 2),
        };
        let (bits, rest) = rest.split_first_chunk::<4>().ok_or(not_one.clone())?;
        let bits = u32::from_le_bytes(*bits);
        if !(1..=MOST_BITS).contains(&bits) {
            return Err(ModelFileError::Bits(bits));
        }
        let (count, mut rest) = rest.split_first_chunk::<4>().ok_or(not_one)?;
        let count = u32::from_le_bytes(*count) as usize;
        if !(1..=MOST_CLASSES).contains(&count) {
            return Err(ModelFileError::Classes);
        }
        let mut classes = Vec::with_capacity(count);
        for _ in 0..count {
            let (length, after) = rest
                .split_first_chunk::<4>()
                .ok_or(ModelFileError::Classes)?;
            let length = u32::from_le_bytes(*length) as usize;
            if length > LONGEST_CLASS || after.len() < length {
                return Err(ModelFileError::Classes);
            }
            let (name, after) = after.split_at(length);
            classes.push(
                std::str::from_utf8(name)
                    .map_err(|_| ModelFileError::Classes)?
                    .to_owned(),
            );
            rest = after;
        }
        let buckets = 1usize << bits;
        let floats = thresholds + count + buckets * count + buckets;
        if rest.len() != 4 * floats {
            return Err(ModelFileError::Length {
                expected: bytes.len() - rest.len() + 4 * floats,
                found: bytes.len(),
            });
        }
        let mut values = Floats::new(rest);
        let mut next = |n: usize| values.take_finite(n).ok_or(ModelFileError::NotFinite);
        let thresholds = next(thresholds)?;
        let bias = next(count)?;
        let weights = next(buckets * count)?;
        let idf = next(buckets)?;
        Ok(EntryModel {
            bits,
            classes,
            thresholds: Thresholds {
                rescue: thresholds[0],
                doubt: thresholds[1],
                overrule: thresholds.get(2).copied().unwrap_or(NEVER),
            },
            bias,
            weights,
            idf,
        })
    }
}

/// Logits into probabilities, in place.
fn softmax(values: &mut [f32]) {
    let most = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for value in values.iter_mut() {
        *value = (*value - most).exp();
        sum += *value;
    }
    if sum > 0.0 {
        for value in values.iter_mut() {
            *value /= sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(&'static str, &'static str)> {
        vec![
            ("delivery", "how much is shipping to germany"),
            ("delivery", "how long does delivery take"),
            ("delivery", "shipping cost please"),
            ("payment", "can i pay by card"),
            ("payment", "do you take paypal"),
            ("payment", "card declined, other ways to pay?"),
            ("none", "you idiots, cancel my order now"),
            ("none", "cancel order 5512 please"),
            ("none", "delete all my personal data"),
        ]
    }

    fn small() -> Training {
        Training {
            bits: 10,
            ..Training::default()
        }
    }

    #[test]
    fn a_trained_model_names_the_class_it_learned() {
        let model = EntryModel::train(&toy(), Training::default());
        assert_eq!(model.classes(), ["delivery", "none", "payment"]);
        let best = |text: &str| {
            let p = model.probabilities(text);
            let sum: f32 = p.iter().sum();
            assert!((sum - 1.0).abs() < 1e-4, "{text}: {p:?}");
            let best = (0..p.len())
                .max_by(|a, b| p[*a].total_cmp(&p[*b]))
                .expect("three classes");
            model.classes()[best].clone()
        };
        assert_eq!(best("what does shipping cost"), "delivery");
        assert_eq!(best("can i pay with paypal"), "payment");
        assert_eq!(best("please cancel my order"), "none");
    }

    #[test]
    fn training_is_deterministic_and_the_file_round_trips() {
        let thresholds = Thresholds {
            rescue: 0.7,
            doubt: 0.05,
            overrule: 0.99,
        };
        let trained = || EntryModel::train(&toy(), small()).with_thresholds(thresholds);
        let model = trained();
        assert_eq!(model.to_bytes(), trained().to_bytes());
        let read = EntryModel::from_bytes(&model.to_bytes()).expect("its own file");
        assert_eq!(read, model);
        assert_eq!(read.thresholds(), thresholds);
    }

    /// A version 1 file (two thresholds) reads as it did: it overrules nothing.
    #[test]
    fn a_version_one_file_reads_and_overrules_nothing() {
        let model = EntryModel::train(&toy(), small()).with_thresholds(Thresholds {
            rescue: 0.7,
            doubt: 0.05,
            overrule: 0.99,
        });
        let bytes = model.to_bytes();
        let names = 16 + 3 * 4 + "deliverynonepayment".len();
        let mut v1 = MAGIC_V1.to_vec();
        v1.extend_from_slice(&bytes[8..names + 8]);
        v1.extend_from_slice(&bytes[names + 12..]);
        let read = EntryModel::from_bytes(&v1).expect("a version 1 file");
        assert_eq!(
            read.thresholds(),
            Thresholds {
                overrule: NEVER,
                ..model.thresholds()
            }
        );
        assert_eq!(
            read.probabilities("shipping?"),
            model.probabilities("shipping?")
        );
    }

    #[test]
    fn a_broken_file_is_refused_with_its_reason() {
        let bytes = EntryModel::train(&toy(), Training { bits: 4, ..small() }).to_bytes();
        assert_eq!(
            EntryModel::from_bytes(b"FDGATE01"),
            Err(ModelFileError::WrongKind("an entry model"))
        );
        assert!(matches!(
            EntryModel::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelFileError::Length { .. })
        ));
        let mut huge = bytes.clone();
        huge[8..12].copy_from_slice(&40u32.to_le_bytes());
        assert_eq!(EntryModel::from_bytes(&huge), Err(ModelFileError::Bits(40)));
        let mut many = bytes.clone();
        many[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(EntryModel::from_bytes(&many), Err(ModelFileError::Classes));
        let mut long_name = bytes.clone();
        long_name[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            EntryModel::from_bytes(&long_name),
            Err(ModelFileError::Classes)
        );
        // The thresholds follow the names "delivery", "none" and "payment".
        let thresholds = 16 + 3 * 4 + "deliverynonepayment".len();
        let mut nan = bytes;
        nan[thresholds..thresholds + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(EntryModel::from_bytes(&nan), Err(ModelFileError::NotFinite));
    }

    #[test]
    fn any_text_reads_without_panicking() {
        let model = EntryModel::train(&toy(), small());
        for text in ["", " ", "😡😡😡", "a", "ß", "х", "\u{0301}", "x y"] {
            let p = model.probabilities(text);
            assert_eq!(p.len(), 3);
            assert!(p.iter().all(|p| (0.0..=1.0).contains(p)), "{text}: {p:?}");
        }
    }
}
