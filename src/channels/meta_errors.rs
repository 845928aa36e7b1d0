//! Meta's Send API errors (Messenger and Instagram), classified as retryable or permanent
//! exactly as `protocols-2.md` §ME lists them; the outbox's retry policy acts on the result.
//!
//! Classification looks at `(code, error_subcode)` only, never at the wording. An
//! `is_transient` flag in the body (Instagram sends it) wins over the table. The platform's
//! own message is kept in the error, so a person sees it under the failed reply.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;

use super::{RetryAfter, SendError};

/// What trying again can do for a Graph error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A temporary failure: try again with backoff.
    Retry,
    /// A rate limit: try again after the platform's wait (or a minute).
    RetryAfterWait,
    /// The same request fails the same way every time (window closed, blocked recipient,
    /// dead token, missing permission, page restricted from sending, already replied ...).
    Permanent,
}

/// Without a hint from Meta, a rate-limited send waits at least this long (§ME: "else
/// exponential backoff from 60 s").
const RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// The §ME table. Codes it does not name are permanent: an unknown error from a 4xx is more
/// likely our request than Meta's weather (HTTP 5xx without a Graph body is retried apart).
pub fn class(code: i64, subcode: Option<i64>) -> Class {
    match (code, subcode) {
        // 1 unknown/downtime, 2 service error (bounded by the outbox's attempts), 1200
        // temporary send failure.
        (1 | 2 | 1200, _) => Class::Retry,
        // 4 app, 17 user, 32 page, 613 custom/BUC (IG 613/2534040), 341 application limit,
        // 80001/80002/80006 BUC throttling of Pages/Instagram/Messenger.
        (4 | 17 | 32 | 613 | 341 | 80001 | 80002 | 80006, _) => Class::RetryAfterWait,
        // 10: outside the window (2018278, IG 2534022), page restricted (1893063), thread
        // owned by another app (2018300), no role on the app (2018108), permission denied.
        // 368: blocked for policy violations: not retried automatically.
        // 551 recipient unavailable, 100 no such user / invalid parameter (2018001,
        // 2534014, 2534029), 190/102 token unusable, 200-299 permission missing, 230
        // permissions disallow the message, 10900 already replied to the comment, 10903
        // cannot be replied to, 199 missing permission or access level.
        _ => Class::Permanent,
    }
}

/// The Graph API's error envelope.
#[derive(Debug, Deserialize)]
struct GraphError {
    error: GraphErrorBody,
}

#[derive(Debug, Deserialize)]
struct GraphErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    code: i64,
    #[serde(default)]
    error_subcode: Option<i64>,
    #[serde(default)]
    error_user_msg: Option<String>,
    #[serde(default)]
    is_transient: Option<bool>,
}

/// Classifies a failed Send API answer: its status, body and headers.
pub fn classify(status: StatusCode, body: &[u8], headers: &HeaderMap) -> SendError {
    let hinted = super::retry_after(headers).or_else(|| buc_wait(headers));
    let Some(graph) = serde_json::from_slice::<GraphError>(body)
        .ok()
        .map(|g| g.error)
    else {
        // No Graph body: a proxy, a load balancer or an outage answered.
        let retriable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        return SendError {
            retriable,
            retry_after: hinted.filter(|_| retriable),
            message: format!("HTTP {status}"),
            code: super::http_failure_code(status),
        };
    };
    let class = match (graph.is_transient, class(graph.code, graph.error_subcode)) {
        (Some(true), Class::Permanent) => Class::Retry,
        (Some(false), _) => Class::Permanent,
        (_, class) => class,
    };
    let retry_after = match class {
        Class::Permanent => None,
        Class::Retry => hinted,
        Class::RetryAfterWait => Some(hinted.unwrap_or(RetryAfter::Delay(RATE_LIMIT_WAIT))),
    };
    let code = match graph.error_subcode {
        Some(sub) => format!("{}/{sub}", graph.code),
        None => graph.code.to_string(),
    };
    let mut message = format!("graph error {code}: {}", graph.message);
    if let Some(user_msg) = graph.error_user_msg.filter(|m| !m.is_empty()) {
        message = format!("{message} ({user_msg})");
    }
    SendError {
        retriable: class != Class::Permanent,
        retry_after,
        message,
        code: failure_code(graph.code),
    }
}

/// The Graph error codes counted under their own failure code (the §ME table's); any other
/// is `OTHER_GRAPH_CODE`.
pub const FAILURE_CODES: &[(i64, &str)] = &[
    (1, "graph_1"),
    (2, "graph_2"),
    (4, "graph_4"),
    (10, "graph_10"),
    (17, "graph_17"),
    (32, "graph_32"),
    (100, "graph_100"),
    (102, "graph_102"),
    (190, "graph_190"),
    (199, "graph_199"),
    (200, "graph_200"),
    (230, "graph_230"),
    (341, "graph_341"),
    (368, "graph_368"),
    (551, "graph_551"),
    (613, "graph_613"),
    (1200, "graph_1200"),
    (10900, "graph_10900"),
    (10903, "graph_10903"),
    (80001, "graph_80001"),
    (80002, "graph_80002"),
    (80006, "graph_80006"),
];

/// A Graph error code outside `FAILURE_CODES`.
pub const OTHER_GRAPH_CODE: &str = "graph_other";

/// The failure code of a Graph error (a bounded set: the code comes from outside).
pub fn failure_code(code: i64) -> &'static str {
    FAILURE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(OTHER_GRAPH_CODE, |(_, label)| label)
}

/// The longest `estimated_time_to_regain_access` (minutes) in Meta's
/// `X-Business-Use-Case-Usage` header:
/// `{"<id>": [{"type": …, "estimated_time_to_regain_access": n}]}`.
fn buc_wait(headers: &HeaderMap) -> Option<RetryAfter> {
    let usage: std::collections::HashMap<String, Vec<serde_json::Value>> =
        serde_json::from_slice(headers.get("x-business-use-case-usage")?.as_bytes()).ok()?;
    let minutes = usage
        .values()
        .flatten()
        .filter_map(|u| u["estimated_time_to_regain_access"].as_u64())
        .max()
        .filter(|m| *m > 0)?;
    Some(RetryAfter::Delay(Duration::from_secs(
        minutes.saturating_mul(60),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(code: i64, subcode: Option<i64>) -> Vec<u8> {
        let mut error = serde_json::json!({"message": "platform says no", "type": "OAuthException", "code": code, "fbtrace_id": "AbC"});
        if let Some(sub) = subcode {
            error["error_subcode"] = sub.into();
        }
        serde_json::to_vec(&serde_json::json!({ "error": error })).unwrap()
    }

    /// One case: the Graph error, and whether it is retried (and after a wait).
    fn check(code: i64, subcode: Option<i64>, expected: Class) {
        let status = if expected == Class::Permanent {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        assert_eq!(class(code, subcode), expected, "{code}/{subcode:?}");
        let error = classify(status, &graph(code, subcode), &HeaderMap::new());
        assert_eq!(
            error.retriable,
            expected != Class::Permanent,
            "{code}/{subcode:?}"
        );
        assert_eq!(
            error.retry_after,
            (expected == Class::RetryAfterWait).then_some(RetryAfter::Delay(RATE_LIMIT_WAIT)),
            "{code}/{subcode:?}"
        );
        assert!(error.message.ends_with(": platform says no"), "{error:?}");
    }

    #[test]
    fn the_protocol_table_case_by_case() {
        use Class::*;
        check(1, None, Retry);
        check(2, None, Retry);
        check(1200, None, Retry);
        check(4, None, RetryAfterWait);
        check(17, None, RetryAfterWait);
        check(32, None, RetryAfterWait);
        check(613, None, RetryAfterWait);
        check(613, Some(2534040), RetryAfterWait);
        check(341, None, RetryAfterWait);
        check(80001, None, RetryAfterWait);
        check(80002, None, RetryAfterWait);
        check(80006, None, RetryAfterWait);
        check(10, Some(2018278), Permanent);
        check(10, Some(2534022), Permanent);
        check(10, Some(1893063), Permanent);
        check(10, Some(2018300), Permanent);
        check(10, Some(2018108), Permanent);
        check(10, None, Permanent);
        check(551, None, Permanent);
        check(551, Some(1545041), Permanent);
        check(100, Some(2018001), Permanent);
        check(100, Some(2534014), Permanent);
        check(100, Some(2534029), Permanent);
        check(100, None, Permanent);
        for sub in [458, 459, 460, 463, 464, 467, 492] {
            check(190, Some(sub), Permanent);
        }
        check(190, None, Permanent);
        check(102, None, Permanent);
        check(200, Some(2534041), Permanent);
        check(299, None, Permanent);
        check(230, None, Permanent);
        check(368, None, Permanent);
        check(10900, None, Permanent);
        check(10903, None, Permanent);
        check(199, None, Permanent);
    }

    #[test]
    fn transport_failures_without_a_graph_body() {
        let none = HeaderMap::new();
        for (status, retriable) in [
            (StatusCode::INTERNAL_SERVER_ERROR, true),
            (StatusCode::BAD_GATEWAY, true),
            (StatusCode::SERVICE_UNAVAILABLE, true),
            (StatusCode::TOO_MANY_REQUESTS, true),
            (StatusCode::BAD_REQUEST, false),
            (StatusCode::NOT_FOUND, false),
        ] {
            let error = classify(status, b"<html>oops</html>", &none);
            assert_eq!(error.retriable, retriable, "{status}");
            assert_eq!(error.message, format!("HTTP {status}"));
        }
    }

    #[test]
    fn the_platform_message_is_kept() {
        let body = br#"{"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278,"error_user_msg":"Outside the 24 hour window","fbtrace_id":"x"}}"#;
        let error = classify(StatusCode::BAD_REQUEST, body, &HeaderMap::new());
        assert_eq!(
            error.message,
            "graph error 10/2018278: (#10) This message is sent outside of allowed window. (Outside the 24 hour window)"
        );
    }

    #[test]
    fn is_transient_wins_over_the_table() {
        let with = |code: i64, transient: bool| {
            format!(
                r#"{{"error":{{"message":"m","code":{code},"is_transient":{transient},"fbtrace_id":"x"}}}}"#
            )
        };
        let none = HeaderMap::new();
        let bad = StatusCode::BAD_REQUEST;
        assert!(classify(bad, with(100, true).as_bytes(), &none).retriable);
        assert!(!classify(bad, with(2, false).as_bytes(), &none).retriable);
    }

    #[test]
    fn waits_come_from_retry_after_then_business_use_case_usage() {
        let body = graph(613, Some(2534040));
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-business-use-case-usage",
            r#"{"17841456203381927":[{"type":"instagram","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7}]}"#
                .parse()
                .unwrap(),
        );
        let error = classify(StatusCode::BAD_REQUEST, &body, &headers);
        assert_eq!(
            error.retry_after,
            Some(RetryAfter::Delay(Duration::from_secs(7 * 60)))
        );
        headers.insert(reqwest::header::RETRY_AFTER, "30".parse().unwrap());
        let error = classify(StatusCode::BAD_REQUEST, &body, &headers);
        assert_eq!(
            error.retry_after,
            Some(RetryAfter::Delay(Duration::from_secs(30)))
        );
        // A permanent error carries no wait, whatever the headers say.
        let error = classify(StatusCode::BAD_REQUEST, &graph(551, None), &headers);
        assert_eq!((error.retriable, error.retry_after), (false, None));
    }
}
