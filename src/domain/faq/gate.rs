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

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::lexicon::Lexicon;

/// How a gate file starts (then the version's fields, little-endian).
const MAGIC: &[u8; 8] = b"FDGATE01";

/// The longest character n-gram read, and the shortest.
const LONGEST_GRAM: usize = 5;
const SHORTEST_GRAM: usize = 2;

/// The most buckets a gate file may ask for (2^24 weights, 64 MiB each table).
const MOST_BITS: u32 = 24;

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

/// Why a gate file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GateFileError {
    #[error("not a gate file (it does not start with {MAGIC:?})")]
    NotAGate,
    #[error("{0} buckets bits is outside 1..={MOST_BITS}")]
    Bits(u32),
    #[error("the file has {found} bytes where its header asks for {expected}")]
    Length { expected: usize, found: usize },
    #[error("a weight is not a finite number")]
    NotFinite,
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
        let vector = self.vector(text);
        sigmoid(
            self.bias
                + vector
                    .iter()
                    .map(|(b, x)| self.weights.get(*b).copied().unwrap_or(0.0) * x)
                    .sum::<f32>(),
        )
    }

    /// Whether the gate holds an answer to `text` back.
    pub fn holds_back(&self, text: &str) -> bool {
        self.must_escalate(text) > self.threshold
    }

    /// The message's TF-IDF vector over the gate's buckets, L2-normalized, sorted by bucket.
    fn vector(&self, text: &str) -> Vec<(usize, f32)> {
        weighted(counts(text, self.bits), &self.idf)
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
        // Smoothed inverse document frequency, as scikit-learn's: ln((1 + n) / (1 + df)) + 1.
        let mut document_frequency = vec![0u32; buckets];
        for bag in &bagged {
            for (bucket, _) in bag {
                document_frequency[*bucket] += 1;
            }
        }
        let n = messages.len() as f32;
        let idf: Vec<f32> = document_frequency
            .iter()
            .map(|df| ((1.0 + n) / (1.0 + *df as f32)).ln() + 1.0)
            .collect();
        let vectors: Vec<Vec<(usize, f32)>> =
            bagged.into_iter().map(|bag| weighted(bag, &idf)).collect();
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

    pub fn from_bytes(bytes: &[u8]) -> Result<Gate, GateFileError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(GateFileError::NotAGate)?;
        let (bits, rest) = rest
            .split_first_chunk::<4>()
            .ok_or(GateFileError::NotAGate)?;
        let bits = u32::from_le_bytes(*bits);
        if !(1..=MOST_BITS).contains(&bits) {
            return Err(GateFileError::Bits(bits));
        }
        let buckets = 1usize << bits;
        let expected = MAGIC.len() + 4 + 4 * (2 + 2 * buckets);
        if bytes.len() != expected {
            return Err(GateFileError::Length {
                expected,
                found: bytes.len(),
            });
        }
        let mut values = rest
            .chunks_exact(4)
            .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        let mut next = || values.next().filter(|v| v.is_finite());
        let threshold = next().ok_or(GateFileError::NotFinite)?;
        let bias = next().ok_or(GateFileError::NotFinite)?;
        let weights = (0..buckets)
            .map(|_| next())
            .collect::<Option<Vec<f32>>>()
            .ok_or(GateFileError::NotFinite)?;
        let idf = (0..buckets)
            .map(|_| next())
            .collect::<Option<Vec<f32>>>()
            .ok_or(GateFileError::NotFinite)?;
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

/// Each bucket's count in `text`: its character n-grams within each word (the word padded
/// with a space each side, as "char_wb" n-grams are), its words, and its word pairs, each
/// hashed (FNV-1a, a kind byte first) into `2^bits` buckets. Words are the lowercased runs of
/// letters and digits; any other character but spaces and common punctuation (an emoji) is a
/// word of its own. Letters lose their diacritics ("stojí" is "stoji", as customers often
/// write it). Sorted by bucket.
fn counts(text: &str, bits: u32) -> Vec<(usize, f32)> {
    let text = without_place_names(text);
    // Nothing in ASCII decomposes.
    let lower: String = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .collect::<String>()
            .to_lowercase()
    };
    let mut words: Vec<&str> = Vec::new();
    let mut start = None;
    for (at, c) in lower.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(at);
            continue;
        }
        if let Some(from) = start.take() {
            words.push(&lower[from..at]);
        }
        if !c.is_whitespace() && !".,!?;:'\"()-".contains(c) {
            words.push(&lower[at..at + c.len_utf8()]);
        }
    }
    if let Some(from) = start {
        words.push(&lower[from..]);
    }
    let mask = (1u64 << bits) - 1;
    // FNV-1a over the kind byte and each part followed by a space.
    let bucket = |hash: u64| ((hash ^ (hash >> 29)) & mask) as usize;
    let hashed = |kind: u8, parts: &[&str]| {
        let mut hash = fnv(FNV_OFFSET, &[kind]);
        for part in parts {
            hash = fnv(fnv(hash, part.as_bytes()), b" ");
        }
        bucket(hash)
    };
    let mut found: Vec<usize> = Vec::new();
    let mut padded = String::new();
    let mut ends: Vec<usize> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        found.push(hashed(b'w', &[word]));
        if let Some(next) = words.get(i + 1) {
            found.push(hashed(b'p', &[word, next]));
        }
        padded.clear();
        padded.push(' ');
        padded.push_str(word);
        padded.push(' ');
        ends.clear();
        ends.extend(padded.char_indices().map(|(at, _)| at));
        ends.push(padded.len());
        let letters = ends.len() - 1;
        // The n-grams from each letter on, their hash carried from one length to the next
        // (the same as hashing each n-gram on its own).
        for from in 0..letters {
            let mut hash = fnv(FNV_OFFSET, b"g");
            for n in 1..=LONGEST_GRAM.min(letters - from) {
                hash = fnv(hash, &padded.as_bytes()[ends[from + n - 1]..ends[from + n]]);
                if n >= SHORTEST_GRAM {
                    found.push(bucket(fnv(hash, b" ")));
                }
            }
        }
    }
    found.sort_unstable();
    let mut counted: Vec<(usize, f32)> = Vec::with_capacity(found.len());
    for bucket in found {
        match counted.last_mut() {
            Some((last, count)) if *last == bucket => *count += 1.0,
            _ => counted.push((bucket, 1.0)),
        }
    }
    counted
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: `hash` carried over `bytes`.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The word that stands for a place in what the gate reads.
const PLACE: &str = "zzplacezz";

/// `text` with each word that names a country or a city (`places.toml`) read as one word for
/// any place: whether a place is one the answer names is the matcher's to judge
/// (`Unsure::OtherPlace`), and the gate, reading "doprava do Brna" beside the many messages
/// to places the answers do not name, would hold back the question about a home city.
fn without_place_names(text: &str) -> String {
    let places = Lexicon::bundled();
    text.split_whitespace()
        .map(|token| {
            if places.names_a_place(token) {
                PLACE
            } else {
                token
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sublinear TF times IDF, L2-normalized.
fn weighted(counts: Vec<(usize, f32)>, idf: &[f32]) -> Vec<(usize, f32)> {
    let mut vector: Vec<(usize, f32)> = counts
        .into_iter()
        .map(|(bucket, tf)| {
            (
                bucket,
                (1.0 + tf.ln()) * idf.get(bucket).copied().unwrap_or(1.0),
            )
        })
        .collect();
    let norm = vector.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut vector {
            *x /= norm;
        }
    }
    vector
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
        assert_eq!(Gate::from_bytes(b"hello"), Err(GateFileError::NotAGate));
        assert!(matches!(
            Gate::from_bytes(&bytes[..bytes.len() - 1]),
            Err(GateFileError::Length { .. })
        ));
        let mut huge = bytes.clone();
        huge[8..12].copy_from_slice(&40u32.to_le_bytes());
        assert_eq!(Gate::from_bytes(&huge), Err(GateFileError::Bits(40)));
        let mut nan = bytes;
        nan[16..20].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(Gate::from_bytes(&nan), Err(GateFileError::NotFinite));
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
