//! What the learned models (the gate, the entry model) read: a message as a bag of hashed
//! character n-grams (2 to 5 letters within a word), words and word pairs, without
//! diacritics and with any place name read as one word, weighted by sublinear TF-IDF. One
//! reading serves both models, so a message is hashed once however many of them ask.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::lexicon::Lexicon;

/// The longest character n-gram read, and the shortest.
const LONGEST_GRAM: usize = 5;
const SHORTEST_GRAM: usize = 2;

/// The most buckets a model file may ask for (2^24).
pub(super) const MOST_BITS: u32 = 24;

/// Why a model file (the gate's, the entry model's) could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelFileError {
    #[error("not {0} file (it does not start with that model's magic bytes)")]
    WrongKind(&'static str),
    #[error("{0} buckets bits is outside 1..={MOST_BITS}")]
    Bits(u32),
    #[error("the file has {found} bytes where its header asks for {expected}")]
    Length { expected: usize, found: usize },
    #[error("a weight is not a finite number")]
    NotFinite,
    #[error("the table of class names is broken")]
    Classes,
}

/// Each bucket's count in `text`: its character n-grams within each word (the word padded
/// with a space each side, as "char_wb" n-grams are), its words, and its word pairs, each
/// hashed (FNV-1a, a kind byte first) into `2^bits` buckets. Words are the lowercased runs of
/// letters and digits; any other character but spaces and common punctuation (an emoji) is a
/// word of its own. Letters lose their diacritics ("stojí" is "stoji", as customers often
/// write it). Sorted by bucket.
pub(super) fn counts(text: &str, bits: u32) -> Vec<(usize, f32)> {
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
pub(super) fn weighted(counts: &[(usize, f32)], idf: &[f32]) -> Vec<(usize, f32)> {
    let mut vector: Vec<(usize, f32)> = counts
        .iter()
        .map(|&(bucket, tf)| {
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

/// Smoothed inverse document frequency of each of `2^bits` buckets over `bags`, as
/// scikit-learn's: ln((1 + n) / (1 + df)) + 1.
pub(super) fn inverse_document_frequency(bags: &[Vec<(usize, f32)>], bits: u32) -> Vec<f32> {
    let mut document_frequency = vec![0u32; 1usize << bits];
    for bag in bags {
        for (bucket, _) in bag {
            if let Some(df) = document_frequency.get_mut(*bucket) {
                *df += 1;
            }
        }
    }
    let n = bags.len() as f32;
    document_frequency
        .iter()
        .map(|df| ((1.0 + n) / (1.0 + *df as f32)).ln() + 1.0)
        .collect()
}

/// Reads little-endian f32 values one at a time, refusing any that is not finite.
pub(super) struct Floats<'b> {
    chunks: std::slice::ChunksExact<'b, u8>,
}

impl<'b> Floats<'b> {
    pub(super) fn new(bytes: &'b [u8]) -> Floats<'b> {
        Floats {
            chunks: bytes.chunks_exact(4),
        }
    }

    /// The next value, if there is one and it is finite.
    pub(super) fn next_finite(&mut self) -> Option<f32> {
        self.chunks
            .next()
            .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .filter(|value| value.is_finite())
    }

    /// The next `n` values, if all are there and finite.
    pub(super) fn take_finite(&mut self, n: usize) -> Option<Vec<f32>> {
        (0..n).map(|_| self.next_finite()).collect()
    }
}

/// A message as the learned models read it, hashed once: the first model to ask hashes it
/// into its buckets, and a model of the same size reuses that.
pub(super) struct Reading<'t> {
    text: &'t str,
    counts: std::cell::OnceCell<(u32, Vec<(usize, f32)>)>,
}

impl<'t> Reading<'t> {
    pub(super) fn new(text: &'t str) -> Reading<'t> {
        Reading {
            text,
            counts: std::cell::OnceCell::new(),
        }
    }

    /// Each bucket's count in the message, over `2^bits` buckets (`counts`).
    pub(super) fn counts(&self, bits: u32) -> std::borrow::Cow<'_, [(usize, f32)]> {
        let (read_bits, counted) = self.counts.get_or_init(|| (bits, counts(self.text, bits)));
        if *read_bits == bits {
            std::borrow::Cow::Borrowed(counted)
        } else {
            std::borrow::Cow::Owned(counts(self.text, bits))
        }
    }
}
