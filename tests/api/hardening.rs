//! Signed, valid, absurd or hostile input: the CRC oracle, far-off dates, oversized bodies,
//! an unreachable store, stalled uploads and placeholder secrets.

use serde_json::Value;

use crate::helpers::*;

/// Percent-encodes every byte, so any string survives as one query value.
fn query_value(raw: &[u8]) -> String {
    raw.iter().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn a_body_signed_through_the_crc_endpoint_is_rejected() {
    let app = spawn_x_app_now().await;
    // A forged DM from a customer, the whole JSON body offered as a CRC token.
    let forged = x_dms(&[("990001", "refund me")], tuesday_morning());
    let response = app
        .get(
            &format!("/webhooks/x?crc_token={}", query_value(&forged)),
            None,
        )
        .await;
    assert_eq!(response.status(), 400, "a JSON body is not a CRC token");
    let answer: Value = response.json().await.unwrap();
    // Whatever the CRC handed out is all an attacker has to sign the forged body with.
    let signature = answer["response_token"].as_str().map(str::to_owned);
    assert_eq!(
        app.post_x(&forged, signature.as_deref()).await.status(),
        401
    );

    // Vector XV-4 (protocols-2.md §V.1): the CRC must not sign it either.
    let xv4 = br#"{"data":{"event_uuid":"5120398847162290451","filter":{},"event_type":"oauth.revoke","payload":{"date_time":"2026-11-24T11:05:42+00:00","user_id":"1602317347845976187","app_id":"29401847"}}}"#;
    let response = app
        .get(&format!("/webhooks/x?crc_token={}", query_value(xv4)), None)
        .await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(!body.contains("xzh+rej9qWGxTSteoWtDL+UwWabKT"), "{body}");
    // Tokens with whitespace or of a body's length are refused too; X's own shape is answered.
    for token in ["a%20b", "a%0Ab", &"A".repeat(257)] {
        let status = app
            .get(&format!("/webhooks/x?crc_token={token}"), None)
            .await
            .status();
        assert_eq!(status, 400, "{token}");
    }
    let token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA-_=";
    assert_eq!(
        app.get(&format!("/webhooks/x?crc_token={token}"), None)
            .await
            .status(),
        200
    );
}

async fn spawn_x_app_now() -> TestApp {
    let app = spawn_app().await;
    app.add_page(example_x_page()).await;
    app
}
