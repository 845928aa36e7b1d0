//! Webhook signatures: HMAC-SHA256 over the exact raw body, compared in constant time.
//!
//! Several secrets may be active at once: while an app secret is rotated both the old and the
//! new one verify, and one instance may serve pages of several Meta apps. Verification tells
//! which app's secret matched, so an event can be checked against the app its page belongs to.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is missing")]
    Missing,
    #[error("the signature header is not \"sha256=<hex>\"")]
    Malformed,
    #[error("the signature does not match the body")]
    Mismatch,
}

/// An app's secrets, each keyed once so a request only pays for hashing its body.
#[derive(Clone)]
pub struct AppKeys {
    pub app_id: String,
    keys: Vec<HmacSha256>,
}

impl std::fmt::Debug for AppKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppKeys")
            .field("app_id", &self.app_id)
            .field("keys", &format_args!("[{} redacted]", self.keys.len()))
            .finish()
    }
}

impl AppKeys {
    pub fn new(app_id: impl Into<String>, secrets: &[SecretString]) -> Self {
        AppKeys {
            app_id: app_id.into(),
            keys: secrets
                .iter()
                .filter_map(|s| HmacSha256::new_from_slice(s.expose_secret().as_bytes()).ok())
                .collect(),
        }
    }
}

/// Verifies Meta's `X-Hub-Signature-256: sha256=<lowercase hex>` header and returns the id of
/// the app whose secret signed `body`.
pub fn verify_hex<'a>(
    apps: &'a [AppKeys],
    header: Option<&[u8]>,
    body: &[u8],
) -> Result<&'a str, SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_digest = header
        .strip_prefix(b"sha256=")
        .ok_or(SignatureError::Malformed)?;
    let mut expected = [0u8; 32];
    hex::decode_to_slice(hex_digest, &mut expected).map_err(|_| SignatureError::Malformed)?;
    verify_digest(apps, &expected, body)
}

/// Verifies X's `x-twitter-webhooks-signature: sha256=<base64>` header and returns the id of
/// the app whose consumer secret signed `body`.
pub fn verify_base64<'a>(
    apps: &'a [AppKeys],
    header: Option<&[u8]>,
    body: &[u8],
) -> Result<&'a str, SignatureError> {
    use base64::Engine;
    let header = header.ok_or(SignatureError::Missing)?;
    let encoded = header
        .strip_prefix(b"sha256=")
        .ok_or(SignatureError::Malformed)?;
    let expected = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| SignatureError::Malformed)?;
    if expected.len() != 32 {
        return Err(SignatureError::Malformed);
    }
    verify_digest(apps, &expected, body)
}

/// X's CRC answer: `sha256=` + base64 HMAC-SHA256 of the token with the first app's first
/// consumer secret; `None` when no X app is configured.
pub fn crc_response(apps: &[AppKeys], crc_token: &str) -> Option<String> {
    use base64::Engine;
    let mut mac = apps.first()?.keys.first()?.clone();
    mac.update(crc_token.as_bytes());
    let digest = mac.finalize().into_bytes();
    Some(format!(
        "sha256={}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

fn verify_digest<'a>(
    apps: &'a [AppKeys],
    expected: &[u8],
    body: &[u8],
) -> Result<&'a str, SignatureError> {
    // Every key is tried even after a match would be found, so timing does not reveal which.
    let mut matched = None;
    for app in apps {
        for key in &app.keys {
            let mut mac = key.clone();
            mac.update(body);
            if mac.verify_slice(expected).is_ok() && matched.is_none() {
                matched = Some(app.app_id.as_str());
            }
        }
    }
    matched.ok_or(SignatureError::Mismatch)
}

/// Compares two secrets (e.g. verify tokens) in constant time.
pub fn secrets_equal(given: &str, expected: &SecretString) -> bool {
    use subtle::ConstantTimeEq;
    given
        .as_bytes()
        .ct_eq(expected.expose_secret().as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from ../shared/protocols.md §D.1.
    const APP_SECRET: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    const M1_BODY: &str = r#"{"object":"page","entry":[{"id":"104857600123456","time":1732365021437,"messaging":[{"sender":{"id":"7034819265011234"},"recipient":{"id":"104857600123456"},"timestamp":1732365020912,"message":{"mid":"m_Xy3kP0aQ7bN2cD9eF1gH4iJ6kL8mN0pQ2rS4tU6vW8xY0zA1bC3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA","text":"Hi! Is my order #48213 shipped yet? Merci, Ren\u00e9"}}]}]}"#;
    const M1_SIG: &str = "sha256=06470e9e85071148db38be10ffe13e3e3e06e66424b8020915024ae889edac6d";

    fn apps(secrets: &[(&str, &str)]) -> Vec<AppKeys> {
        secrets
            .iter()
            .map(|(id, s)| AppKeys::new(*id, &[SecretString::from(s.to_string())]))
            .collect()
    }

    fn check(apps: &[AppKeys], header: Option<&str>, body: &str) -> Result<String, SignatureError> {
        verify_hex(apps, header.map(str::as_bytes), body.as_bytes()).map(str::to_owned)
    }

    #[test]
    fn messenger_vectors() {
        let ours = apps(&[("app", APP_SECRET)]);
        assert_eq!(check(&ours, Some(M1_SIG), M1_BODY), Ok("app".into()));
        // Exact file bytes of the shipped sample (M-3).
        let file = include_str!("../../webhooks/messenger_text_message.json");
        let sig = "sha256=1e24da50e21e662811546ac2c496b6b65ddf04f94ac97e737e1653272a1d47ca";
        assert_eq!(check(&ours, Some(sig), file), Ok("app".into()));
        // GitHub's published vector (M-4): same algorithm, different vendor.
        let github = apps(&[("gh", "It's a Secret to Everybody")]);
        let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(check(&github, Some(sig), "Hello, World!"), Ok("gh".into()));
    }

    #[test]
    fn wrong_secret_tampered_body_missing_header_and_wrong_prefix_fail() {
        let ours = apps(&[("app", APP_SECRET)]);
        let other = apps(&[("app", "not-the-secret")]);
        assert_eq!(
            check(&other, Some(M1_SIG), M1_BODY),
            Err(SignatureError::Mismatch)
        );
        // The same JSON value re-serialized with a raw "é" (M-1-neg) must not verify.
        let reencoded = M1_BODY.replace("\\u00e9", "é");
        assert_eq!(
            check(&ours, Some(M1_SIG), &reencoded),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(check(&ours, None, M1_BODY), Err(SignatureError::Missing));
        let sha1 = "sha1=a245da5207fe355dc9f45f71901b942c5704065b";
        assert_eq!(
            check(&ours, Some(sha1), M1_BODY),
            Err(SignatureError::Malformed)
        );
        let upper = M1_SIG.replace("sha256=", "SHA256=");
        assert_eq!(
            check(&ours, Some(&upper), M1_BODY),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            check(&ours, Some("sha256=zz"), M1_BODY),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            check(&[], Some(M1_SIG), M1_BODY),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn rotation_and_several_apps() {
        let rotating = vec![
            AppKeys::new(
                "first",
                &[
                    SecretString::from("old-secret".to_owned()),
                    SecretString::from(APP_SECRET.to_owned()),
                ],
            ),
            AppKeys::new("second", &[SecretString::from("second-secret".to_owned())]),
        ];
        assert_eq!(check(&rotating, Some(M1_SIG), M1_BODY), Ok("first".into()));
        let second = apps(&[("a", "x"), ("b", APP_SECRET)]);
        assert_eq!(check(&second, Some(M1_SIG), M1_BODY), Ok("b".into()));
    }

    #[test]
    fn verify_tokens_compare_exactly() {
        let token = SecretString::from("meatyhamhock".to_owned());
        assert!(secrets_equal("meatyhamhock", &token));
        assert!(!secrets_equal("meatyhamhoc", &token));
        assert!(!secrets_equal("", &token));
    }

    // X vectors from ../shared/protocols.md §D.2 and §D.3.
    const CONSUMER_SECRET: &str = "Kx7pQ2mN9vR4tY8wZ3aB6cD1eF5gH0jL2nP4qS7uV9xA3bC6dE";

    fn check_x(
        apps: &[AppKeys],
        header: Option<&str>,
        body: &[u8],
    ) -> Result<String, SignatureError> {
        verify_base64(apps, header.map(str::as_bytes), body).map(str::to_owned)
    }

    #[test]
    fn x_crc_vectors() {
        let test = apps(&[("t", "test")]);
        let ours = apps(&[("x", CONSUMER_SECRET)]);
        let cases = [
            (
                &test,
                "foo",
                "sha256=HlU5y5rWhNi1SHftUCyOxuT6JRuDqeVBKWp1yvldR04=",
            ),
            (
                &test,
                "test",
                "sha256=iM0hCLU0fZc885zfkFPX3UJwSHbYyam9ji0WglnT3fc=",
            ),
            (
                &ours,
                "MTczMjM2NTAyMTQzNw",
                "sha256=E2CLpBL5j70K/MutOAhru+QlHL1J0gFEbcDS5qB4j0g=",
            ),
            (
                &ours,
                "foo",
                "sha256=8/5tIlzndYbTud3x5Hf78h7qmzeNZWU7vN5MxOAMwFg=",
            ),
            (
                &ours,
                "a+b/c=d",
                "sha256=o8zXa+1nPHgm51TvwLw3h//aeEDtruqMwP6xLSamhnE=",
            ),
        ];
        for (apps, token, expected) in cases {
            assert_eq!(
                crc_response(apps, token).as_deref(),
                Some(expected),
                "{token}"
            );
        }
        assert_eq!(crc_response(&[], "foo"), None);
    }

    #[test]
    fn x_signature_vectors() {
        let test = apps(&[("t", "test")]);
        let ours = apps(&[("x", CONSUMER_SECRET)]);
        let x1 = "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=";
        assert_eq!(
            check_x(&test, Some(x1), b"test=1&other_test=2"),
            Ok("t".into())
        );
        let x2 = "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=";
        assert_eq!(
            check_x(&test, Some(x2), br#"{"test_number":1,"test_string":"two"}"#),
            Ok("t".into())
        );
        let files: [(&[u8], &str); 3] = [
            (
                include_bytes!("../../webhooks/x_dm_event.json"),
                "sha256=uk08ACE4sl4iw//jecX84J4yFMo+r3HDuC/XJcJpfDE=",
            ),
            (
                include_bytes!("../../webhooks/x_tweet_mention.json"),
                "sha256=UgA6Bh0oCYBVkOPN2B/6TM9DWUaDponS62mY8adqHR0=",
            ),
            (
                include_bytes!("../../webhooks/x_dm_event_own_echo.json"),
                "sha256=s+D+fHGZ3hW3hZUHWXXWb1MlXvKSnRdT9OKd0Xqw6YY=",
            ),
        ];
        for (body, header) in files {
            assert_eq!(check_x(&ours, Some(header), body), Ok("x".into()));
        }
        // Wrong secret, tampered body, missing header, hex instead of base64.
        assert_eq!(
            check_x(&test, Some(files[0].1), files[0].0),
            Err(SignatureError::Mismatch)
        );
        let mut tampered = files[0].0.to_vec();
        tampered[10] ^= 1;
        assert_eq!(
            check_x(&ours, Some(files[0].1), &tampered),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            check_x(&ours, None, files[0].0),
            Err(SignatureError::Missing)
        );
        let hex = "sha256=ba4d3c002138b25e22c3ffe379c5fce09e3214ca3eaf71c3b82fd725c269743";
        assert_eq!(
            check_x(&ours, Some(hex), files[0].0),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn debug_redacts_keys() {
        let keys = AppKeys::new("app", &[SecretString::from(APP_SECRET.to_owned())]);
        assert!(!format!("{keys:?}").contains(APP_SECRET));
    }
}
