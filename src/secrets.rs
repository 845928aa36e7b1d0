//! Secrets at rest: the keys of the `secrets_keys` setting and the sealing of one token
//! with them (XChaCha20-Poly1305 from RustCrypto's `chacha20poly1305`). No I/O: the store
//! decides what it seals and where (`store::sealing`).
//!
//! A key is written `id:base64key` (32 bytes, standard or URL-safe base64); the first key of
//! the list seals, every key opens. A sealed token is the text
//! `sealed:v1:<key id>:<base64url of the 24-byte random nonce and the ciphertext>`, bound to
//! its place in the store (the page or account it belongs to, as associated data): moved to
//! another record, it no longer opens. Anything without the `sealed:v1:` prefix is a plain
//! token from before a key was configured, and is read as it is.
//!
//! Key material never leaves this module: `Keyring`'s `Debug` shows the key ids only, and
//! the ciphers zeroize their keys when dropped.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

/// The setting the keys come from, for messages.
pub const SETTING: &str = "secrets_keys (FRONTDESK_SECRETS_KEYS)";

const PREFIX: &str = crate::domain::page::SEALED_TOKEN_PREFIX;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const MAX_ID_LEN: usize = 32;

/// The configured keys: the first seals, all open.
#[derive(Default)]
pub struct Keyring {
    keys: Vec<SealingKey>,
}

struct SealingKey {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("key_ids", &self.ids().collect::<Vec<_>>())
            .finish()
    }
}

/// A `secrets_keys` entry that is not a usable key; names the entry, never shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("secrets_keys[{index}]: {problem}")]
pub struct KeyError {
    pub index: usize,
    pub problem: String,
}

/// A sealed token that cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a token in the store is encrypted with key `{0}`, which {SETTING} does not list")]
    UnknownKey(String),
    #[error(
        "a token in the store does not decrypt with key `{0}`: it was damaged, moved from another record, or the key under that id changed"
    )]
    Damaged(String),
    #[error("no random numbers for a nonce")]
    Random,
}

impl Keyring {
    /// No keys: tokens stay plain text.
    pub fn none() -> Self {
        Keyring::default()
    }

    /// Parses `id:base64key` entries, the sealing key first.
    pub fn parse(entries: &[SecretString]) -> Result<Self, KeyError> {
        let mut keys: Vec<SealingKey> = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let problem = |problem: &str| KeyError {
                index,
                problem: problem.to_owned(),
            };
            let Some((id, encoded)) = entry.expose_secret().trim().split_once(':') else {
                return Err(problem(
                    "write it as id:base64key (make one with `frontdesk secrets new-key`)",
                ));
            };
            if !valid_id(id) {
                return Err(problem(
                    "the key id must be 1 to 32 letters, digits, '-' or '_'",
                ));
            }
            if keys.iter().any(|key| key.id == id) {
                return Err(problem(&format!("the key id `{id}` is listed twice")));
            }
            let bytes = [STANDARD, URL_SAFE]
                .iter()
                .find_map(|engine| engine.decode(encoded.trim()).ok())
                .ok_or_else(|| problem("the key is not base64"))?;
            let cipher = XChaCha20Poly1305::new_from_slice(&bytes)
                .ok()
                .filter(|_| bytes.len() == KEY_LEN)
                .ok_or_else(|| problem("the key must be 32 bytes (44 base64 characters)"))?;
            keys.push(SealingKey {
                id: id.to_owned(),
                cipher,
            });
        }
        Ok(Keyring { keys })
    }

    /// The id of the key that seals, if any key is configured.
    pub fn current_id(&self) -> Option<&str> {
        self.keys.first().map(|key| key.id.as_str())
    }

    /// Every key id, the sealing one first.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|key| key.id.as_str())
    }

    pub fn contains(&self, id: &str) -> bool {
        self.keys.iter().any(|key| key.id == id)
    }

    /// Seals `token` for the record `context` names with the current key; `None` when no
    /// key is configured (the token stays plain).
    pub fn seal(&self, token: &str, context: &str) -> Option<Result<String, SecretError>> {
        let key = self.keys.first()?;
        Some(seal_with(key, token, context))
    }

    /// The token of a stored text: opened when sealed, as it is when plain.
    pub fn open(&self, stored: &str, context: &str) -> Result<SecretString, SecretError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(SecretString::from(stored.to_owned()));
        };
        let (id, sealed) = rest.split_once(':').unwrap_or((rest, ""));
        let key = self
            .keys
            .iter()
            .find(|key| key.id == id)
            .ok_or_else(|| SecretError::UnknownKey(id.to_owned()))?;
        let damaged = || SecretError::Damaged(id.to_owned());
        let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| damaged())?;
        if bytes.len() < NONCE_LEN {
            return Err(damaged());
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| damaged())?;
        let plain = key
            .cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| damaged())?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| damaged())
    }

    /// A stored text sealed again with the current key: `None` when it needs nothing (no key
    /// configured, or sealed with the current key already).
    pub fn reseal(&self, stored: &str, context: &str) -> Option<Result<String, SecretError>> {
        let key = self.keys.first()?;
        if sealed_with(stored) == Some(key.id.as_str()) {
            return None;
        }
        Some(
            self.open(stored, context)
                .and_then(|token| seal_with(key, token.expose_secret(), context)),
        )
    }
}

/// The id of the key a stored text is sealed with; `None` for a plain one.
pub fn sealed_with(stored: &str) -> Option<&str> {
    let rest = stored.strip_prefix(PREFIX)?;
    Some(rest.split_once(':').map_or(rest, |(id, _)| id))
}

/// A fresh random key as a `secrets_keys` entry, `id:base64key`.
pub fn new_key(id: &str) -> Result<SecretString, KeyError> {
    if !valid_id(id) {
        return Err(KeyError {
            index: 0,
            problem: "the key id must be 1 to 32 letters, digits, '-' or '_'".to_owned(),
        });
    }
    let key = chacha20poly1305::Key::try_generate().map_err(|_| KeyError {
        index: 0,
        problem: "no random numbers for a key".to_owned(),
    })?;
    Ok(SecretString::from(format!("{id}:{}", STANDARD.encode(key))))
}

fn valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn seal_with(key: &SealingKey, token: &str, context: &str) -> Result<String, SecretError> {
    let nonce = XNonce::try_generate().map_err(|_| SecretError::Random)?;
    let ciphertext = key
        .cipher
        .encrypt(
            &nonce,
            Payload {
                msg: token.as_bytes(),
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| SecretError::Random)?;
    let mut bytes = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&ciphertext);
    Ok(format!(
        "{PREFIX}{}:{}",
        key.id,
        URL_SAFE_NO_PAD.encode(bytes)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "EAAGzq7Tk3Wv9PLx5mN2bR8cY4dH6jF1sA0uE";

    fn keyring(entries: &[&str]) -> Keyring {
        let entries: Vec<SecretString> = entries
            .iter()
            .map(|e| SecretString::from((*e).to_owned()))
            .collect();
        Keyring::parse(&entries).expect("valid keys")
    }

    fn key(id: &str) -> String {
        new_key(id).expect("a key").expose_secret().to_owned()
    }

    #[test]
    fn a_sealed_token_opens_to_itself_and_shows_nothing_of_it() {
        let keys = keyring(&[&key("k1")]);
        let sealed = keys
            .seal(TOKEN, "page messenger:1")
            .expect("a key")
            .expect("sealed");
        assert!(sealed.starts_with("sealed:v1:k1:"), "{sealed}");
        for window in TOKEN.as_bytes().windows(8) {
            let window = std::str::from_utf8(window).expect("ascii");
            assert!(!sealed.contains(window), "{window} shows in {sealed}");
        }
        let opened = keys.open(&sealed, "page messenger:1").expect("opens");
        assert_eq!(opened.expose_secret(), TOKEN);
    }

    #[test]
    fn the_same_token_seals_differently_each_time() {
        let keys = keyring(&[&key("k1")]);
        let a = keys.seal(TOKEN, "c").expect("a key").expect("sealed");
        let b = keys.seal(TOKEN, "c").expect("a key").expect("sealed");
        assert_ne!(a, b);
    }

    #[test]
    fn a_token_moved_to_another_record_does_not_open() {
        let keys = keyring(&[&key("k1")]);
        let sealed = keys
            .seal(TOKEN, "page messenger:1")
            .expect("a key")
            .expect("sealed");
        assert_eq!(
            keys.open(&sealed, "page messenger:2").unwrap_err(),
            SecretError::Damaged("k1".into())
        );
    }

    #[test]
    fn a_damaged_token_does_not_open() {
        let keys = keyring(&[&key("k1")]);
        let sealed = keys.seal(TOKEN, "c").expect("a key").expect("sealed");
        let mut damaged = sealed.clone().into_bytes();
        let last = damaged.len() - 1;
        damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
        let damaged = String::from_utf8(damaged).expect("ascii");
        assert_eq!(
            keys.open(&damaged, "c").unwrap_err(),
            SecretError::Damaged("k1".into())
        );
        for broken in ["sealed:v1:k1:", "sealed:v1:k1:!!", "sealed:v1:k1"] {
            assert!(keys.open(broken, "c").is_err(), "{broken}");
        }
    }

    #[test]
    fn an_old_key_still_opens_and_reseal_moves_to_the_new_one() {
        let old = key("old");
        let sealed = keyring(&[&old])
            .seal(TOKEN, "c")
            .expect("a key")
            .expect("sealed");
        let rotated = keyring(&[&key("new"), &old]);
        assert_eq!(
            rotated.open(&sealed, "c").expect("opens").expose_secret(),
            TOKEN
        );
        let resealed = rotated
            .reseal(&sealed, "c")
            .expect("needs it")
            .expect("resealed");
        assert_eq!(sealed_with(&resealed), Some("new"));
        assert!(rotated.reseal(&resealed, "c").is_none());
        assert_eq!(
            rotated.open(&resealed, "c").expect("opens").expose_secret(),
            TOKEN
        );
    }

    #[test]
    fn a_missing_key_is_named() {
        let sealed = keyring(&[&key("gone")])
            .seal(TOKEN, "c")
            .expect("a key")
            .expect("sealed");
        assert_eq!(
            keyring(&[&key("other")]).open(&sealed, "c").unwrap_err(),
            SecretError::UnknownKey("gone".into())
        );
        assert_eq!(
            Keyring::none().open(&sealed, "c").unwrap_err(),
            SecretError::UnknownKey("gone".into())
        );
        let message = SecretError::UnknownKey("gone".into()).to_string();
        assert!(message.contains("`gone`") && message.contains("secrets_keys"));
    }

    #[test]
    fn plain_tokens_read_as_they_are_and_are_sealed_by_reseal() {
        let keys = keyring(&[&key("k1")]);
        assert_eq!(keys.open(TOKEN, "c").expect("plain").expose_secret(), TOKEN);
        let sealed = keys.reseal(TOKEN, "c").expect("needs it").expect("sealed");
        assert_eq!(sealed_with(&sealed), Some("k1"));
        assert!(Keyring::none().seal(TOKEN, "c").is_none());
        assert!(Keyring::none().reseal(TOKEN, "c").is_none());
    }

    #[test]
    fn bad_entries_are_named_and_not_shown() {
        let cases = [
            ("no-colon", 0, "id:base64key"),
            ("bad id!:AAAA", 0, "key id"),
            ("k1:not base64 at all", 0, "base64"),
            ("k1:AAAA", 0, "32 bytes"),
        ];
        for (entry, index, says) in cases {
            let error = Keyring::parse(&[SecretString::from(entry.to_owned())]).unwrap_err();
            assert_eq!(error.index, index);
            assert!(error.to_string().contains(says), "{error}");
            assert!(!error.to_string().contains(entry), "{error}");
        }
        let k = key("k1");
        let twice = Keyring::parse(&[SecretString::from(k.clone()), SecretString::from(key("k1"))])
            .unwrap_err();
        assert_eq!(twice.index, 1);
        assert!(twice.to_string().contains("twice"));
    }

    #[test]
    fn debug_shows_the_ids_only() {
        let entry = key("k1");
        let keys = keyring(&[&entry]);
        let shown = format!("{keys:?}");
        assert!(shown.contains("k1"));
        let (_, material) = entry.split_once(':').expect("id:key");
        assert!(!shown.contains(material));
    }
}
