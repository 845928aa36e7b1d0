//! The learned gate: a second opinion, learned from the labelled sets, on whether a message
//! must reach a person. The matcher's rules read shapes and words that were seen; the gate
//! reads every message as a bag of hashed character n-grams (2 to 5 letters within a word),
//! words and word pairs, without diacritics and with any place name read as one word,
//! weighted by sublinear TF-IDF, and a logistic model gives the probability that the labels
//! put it among the messages for a person. Where the matcher would answer and that
//! probability is above the gate's threshold, it does not answer
//! (`Unsure::LearnedEscalation`): the gate only ever holds an answer back, it never gives one.
//!
//! `train` fits the model (AdaGrad on the log loss, L2, a fixed seed: the same sets give the
//! same bytes); `frontdesk faq train-gate` picks the threshold by cross-validation and writes
//! `responses/faq/gate.bin`, which is bundled. A page turns it on with `learned_gate = true`
//! in its FAQ file, since it learned one shop's label rules.

use std::sync::{Arc, LazyLock};

use super::bag::{
    Floats, MOST_BITS, ModelFileError, Reading, counts, inverse_document_frequency, weighted,
};

/// How a gate file starts (then the version's fields, little-endian).
const MAGIC: &[u8; 8] = b"FDGATE01";

#[derive(Clone, PartialEq)]
pub struct Gate {
    bits: u32,
    /// Above this probability the matcher's answer is held back.
    threshold: f32,
    bias: f32,
    weights: Vec<f32>,
    idf: Vec<f32>,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate")
            .field("bits", &self.bits)
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

/// How the model is fitted.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// log2 of the number of hashed buckets.
    pub bits: u32,
    pub epochs: usize,
    /// The L2 penalty per update.
    pub l2: f32,
    pub learning_rate: f32,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            bits: 16,
            epochs: 12,
            l2: 1e-6,
            learning_rate: 0.5,
        }
    }
}

static BUNDLED: LazyLock<Option<Arc<Gate>>> = LazyLock::new(|| {
    Gate::from_bytes(include_bytes!("../../../responses/faq/gate.bin"))
        .ok()
        .map(Arc::new)
});

impl Gate {
    /// The gate trained on the labelled sets, bundled with the binary (`responses/faq/gate.bin`).
    pub fn bundled() -> Option<Arc<Gate>> {
        BUNDLED.clone()
    }

    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    pub fn with_threshold(self, threshold: f32) -> Gate {
        Gate { threshold, ..self }
    }

    /// The probability that `text` is one for a person, by the labels the gate learned.
    pub fn must_escalate(&self, text: &str) -> f32 {
        self.must_escalate_as_read(&Reading::new(text))
    }

    /// `must_escalate` of a message already read.
    pub(super) fn must_escalate_as_read(&self, reading: &Reading) -> f32 {
        let vector = weighted(&reading.counts(self.bits), &self.idf);
        sigmoid(
            self.bias
                + vector
                    .iter()
                    .map(|(b, x)| self.weights.get(*b).copied().unwrap_or(0.0) * x)
                    .sum::<f32>(),
        )
    }

    /// Whether the gate holds an answer to a message back.
    pub(super) fn holds_back(&self, reading: &Reading) -> bool {
        self.must_escalate_as_read(reading) > self.threshold
    }

    /// Fits a gate on `(must escalate, text)` pairs. Deterministic: the same pairs in the
    /// same order give the same gate. The threshold is 0.5 until one is chosen
    /// (`with_threshold`).
    pub fn train(messages: &[(bool, &str)], training: Training) -> Gate {
        let bits = training.bits.clamp(1, MOST_BITS);
        let buckets = 1usize << bits;
        let bagged: Vec<Vec<(usize, f32)>> = messages
            .iter()
            .map(|(_, text)| counts(text, bits))
            .collect();
        let idf = inverse_document_frequency(&bagged, bits);
        let vectors: Vec<Vec<(usize, f32)>> =
            bagged.iter().map(|bag| weighted(bag, &idf)).collect();
        let mut weights = vec![0.0f32; buckets];
        let mut squared = vec![0.0f32; buckets];
        let (mut bias, mut bias_squared) = (0.0f32, 0.0f32);
        let mut order: Vec<usize> = (0..messages.len()).collect();
        let mut rng = fastrand::Rng::with_seed(16);
        for _ in 0..training.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let (escalate, vector) = (messages[i].0, &vectors[i]);
                let predicted =
                    sigmoid(bias + vector.iter().map(|(b, x)| weights[*b] * x).sum::<f32>());
                let error = predicted - if escalate { 1.0 } else { 0.0 };
                for (bucket, x) in vector {
                    let gradient = error * x + training.l2 * weights[*bucket];
                    squared[*bucket] += gradient * gradient;
                    weights[*bucket] -=
                        training.learning_rate * gradient / (squared[*bucket].sqrt() + 1e-8);
                }
                bias_squared += error * error;
                bias -= training.learning_rate * error / (bias_squared.sqrt() + 1e-8);
            }
        }
        Gate {
            bits,
            threshold: 0.5,
            bias,
            weights,
            idf,
        }
    }

    /// The gate as a file: the magic, bits (u32), threshold, bias, then the weights and the
    /// idf (f32 each), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(20 + 8 * self.weights.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.bits.to_le_bytes());
        for value in [self.threshold, self.bias]
            .iter()
            .chain(&self.weights)
            .chain(&self.idf)
        {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Gate, ModelFileError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(ModelFileError::WrongKind("a gate"))?;
        let (bits, rest) = rest
            .split_first_chunk::<4>()
            .ok_or(ModelFileError::WrongKind("a gate"))?;
        let bits = u32::from_le_bytes(*bits);
        if !(1..=MOST_BITS).contains(&bits) {
            return Err(ModelFileError::Bits(bits));
        }
        let buckets = 1usize << bits;
        let expected = MAGIC.len() + 4 + 4 * (2 + 2 * buckets);
        if bytes.len() != expected {
            return Err(ModelFileError::Length {
                expected,
                found: bytes.len(),
            });
        }
        let mut values = Floats::new(rest);
        let threshold = values.next_finite().ok_or(ModelFileError::NotFinite)?;
        let bias = values.next_finite().ok_or(ModelFileError::NotFinite)?;
        let weights = values
            .take_finite(buckets)
            .ok_or(ModelFileError::NotFinite)?;
        let idf = values
            .take_finite(buckets)
            .ok_or(ModelFileError::NotFinite)?;
        Ok(Gate {
            bits,
            threshold,
            bias,
            weights,
            idf,
        })
    }
}

#[cfg(test)]
impl Gate {
    /// A gate that holds every answer back (any probability is above zero): for the tests of
    /// what holding back does.
    pub(crate) fn holding_every_answer() -> Gate {
        Gate::train(
            &[(true, "cancel my order"), (false, "how much is shipping")],
            Training::default(),
        )
        .with_threshold(0.0)
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(bool, &'static str)> {
        vec![
            (false, "how much is shipping to germany"),
            (false, "how long does delivery take"),
            (false, "can i pay by card"),
            (false, "where is my parcel, order 4412"),
            (true, "you idiots, cancel my order now"),
            (true, "cancel order 5512 please"),
            (true, "delete all my personal data"),
            (true, "i want my data deleted, gdpr"),
        ]
    }

    #[test]
    fn a_trained_gate_tells_apart_what_it_learned() {
        let gate = Gate::train(&toy(), Training::default());
        assert!(gate.must_escalate("please cancel my order") > 0.5);
        assert!(gate.must_escalate("how long does shipping take") < 0.5);
    }

    #[test]
    fn training_is_deterministic_and_the_file_round_trips() {
        let trained = || {
            let small = Training {
                bits: 10,
                ..Training::default()
            };
            Gate::train(&toy(), small).with_threshold(0.7)
        };
        let gate = trained();
        assert_eq!(gate.to_bytes(), trained().to_bytes());
        let read = Gate::from_bytes(&gate.to_bytes()).expect("its own file");
        assert_eq!(read, gate);
        assert_eq!(read.threshold(), 0.7);
    }

    #[test]
    fn a_broken_file_is_refused_with_its_reason() {
        let bytes = Gate::train(
            &toy(),
            Training {
                bits: 4,
                ..Training::default()
            },
        )
        .to_bytes();
        assert_eq!(
            Gate::from_bytes(b"hello"),
            Err(ModelFileError::WrongKind("a gate"))
        );
        assert!(matches!(
            Gate::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelFileError::Length { .. })
        ));
        let mut huge = bytes.clone();
        huge[8..12].copy_from_slice(&40u32.to_le_bytes());
        assert_eq!(Gate::from_bytes(&huge), Err(ModelFileError::Bits(40)));
        let mut nan = bytes;
        nan[16..20].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(Gate::from_bytes(&nan), Err(ModelFileError::NotFinite));
    }

    #[test]
    fn any_text_reads_without_panicking() {
        let gate = Gate::train(&toy(), Training::default());
        for text in ["", " ", "😡😡😡", "a", "ß", "х", "\u{0301}", "x y"] {
            let p = gate.must_escalate(text);
            assert!((0.0..=1.0).contains(&p), "{text}: {p}");
        }
    }
}
