//! The OpenAPI description (`GET /api/openapi.json`) against the running app: every operation
//! it lists exists and answers only statuses it lists, and the real responses of the main
//! routes match the schema it gives their route and status (JSON Schema 2020-12, `$ref`s
//! resolved against its components, formats checked, undocumented properties refused).

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

/// The served description, and checks of responses against it.
struct Described {
    document: Value,
    /// The document's components, made strict (`strict`).
    components: Value,
}

impl Described {
    async fn of(app: &TestApp) -> Self {
        let response = app.get("/api/openapi.json", None).await;
        assert_eq!(response.status(), 200);
        let document: Value = response.json().await.unwrap();
        assert_eq!(document["openapi"], "3.1.0");
        let components = strict(&document["components"]);
        Described {
            document,
            components,
        }
    }

    fn operation(&self, method: &Method, template: &str) -> &Value {
        let operation = &self.document["paths"][template][method.as_str().to_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {template} is not in the description"
        );
        operation
    }

    /// The errors of `body` against the schema of `template`'s `status` response (none: it
    /// matches). Panics when the description has no such response or no JSON schema for it.
    fn mismatches(
        &self,
        method: &Method,
        template: &str,
        status: u16,
        body: &Value,
    ) -> Vec<String> {
        let response = &self.operation(method, template)["responses"][status.to_string()];
        let schema = &response["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} documents no JSON body for {status}: {response}"
        );
        // The response's schema as the root, with the components beside it so that
        // `#/components/schemas/…` resolves.
        let mut root = schema.clone();
        root["components"] = self.components.clone();
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema of {method} {template} {status}: {e}"));
        validator
            .iter_errors(body)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }

    /// Checks a real response: its status is one the description lists for the route, and its
    /// JSON body matches that status's schema. Returns the body.
    async fn check(
        &self,
        method: Method,
        template: &str,
        response: reqwest::Response,
    ) -> (u16, Value) {
        let status = response.status().as_u16();
        let documented = &self.operation(&method, template)["responses"][status.to_string()];
        assert!(
            documented.is_object(),
            "{method} {template} answered {status}, which the description does not list"
        );
        let body: Value = response.json().await.unwrap();
        let mismatches = self.mismatches(&method, template, status, &body);
        assert!(
            mismatches.is_empty(),
            "{method} {template} {status} does not match its schema:\n{}\nbody: {body:#}",
            mismatches.join("\n")
        );
        (status, body)
    }
}

fn conversation_template() -> &'static str {
    "/api/conversations/{channel}/{page}/{customer}"
}

#[tokio::test]
async fn real_responses_of_the_main_routes_match_their_schemas() {
    let app = spawn_app_on(Backend::fresh_redis(), friday_night()).await;
    let described = Described::of(&app).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_openapi", "Reklamace", friday_night())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.worker.process_pending().await.unwrap();
    let conversation = conversation_path(&conversation_key());
    let page = page_path(PAGE_ID);

    let queue = app
        .get(&format!("/api/queue?page={PAGE_ID}"), Some(API_TOKEN))
        .await;
    let (status, queue) = described.check(Method::GET, "/api/queue", queue).await;
    assert_eq!(status, 200);
    assert_eq!(queue["conversations"].as_array().map(Vec::len), Some(1));

    let (status, shown) = described
        .check(
            Method::GET,
            conversation_template(),
            app.get(&conversation, Some(API_TOKEN)).await,
        )
        .await;
    assert_eq!(status, 200);
    assert!(shown["messages"][0]["decision"].is_object(), "{shown}");

    let claimed = app
        .call(
            Method::POST,
            &format!("{conversation}/claim"),
            Some(JANA),
            None,
        )
        .await;
    let template = format!("{}/claim", conversation_template());
    assert_eq!(
        described.check(Method::POST, &template, claimed).await.0,
        200
    );
    let again = app
        .call(
            Method::POST,
            &format!("{conversation}/claim"),
            Some(PETR),
            None,
        )
        .await;
    assert_eq!(described.check(Method::POST, &template, again).await.0, 409);

    let note = app
        .post_json(
            &format!("{conversation}/notes"),
            JANA,
            json!({"text": "VIP"}),
        )
        .await;
    let template = format!("{}/notes", conversation_template());
    assert_eq!(described.check(Method::POST, &template, note).await.0, 201);

    let (status, config) = described
        .check(
            Method::GET,
            "/api/pages/{id}",
            app.get(&page, Some(EVA_ADMIN)).await,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(config["config"]["access_token_set"], true);

    let (status, _) = described
        .check(
            Method::GET,
            "/api/pages/{id}",
            app.get(&page, Some(JANA)).await,
        )
        .await;
    assert_eq!(status, 403, "an agent does not configure the page");

    let (status, versions) = described
        .check(
            Method::GET,
            "/api/pages/{id}/versions",
            app.get(&format!("{page}/versions"), Some(EVA_ADMIN)).await,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(versions["versions"][0]["version"], 1);
    let (status, _) = described
        .check(
            Method::GET,
            "/api/pages/{id}/versions/{n}",
            app.get(&format!("{page}/versions/1"), Some(EVA_ADMIN))
                .await,
        )
        .await;
    assert_eq!(status, 200);

    let (status, stats) = described
        .check(
            Method::GET,
            "/api/stats",
            app.get(&format!("/api/stats?page={PAGE_ID}"), Some(API_TOKEN))
                .await,
        )
        .await;
    assert_eq!(status, 200);
    assert!(!stats["totals"].as_array().unwrap().is_empty(), "{stats}");

    let created = app
        .post_json(
            &format!("{page}/tokens"),
            EVA_ADMIN,
            json!({"name": "Anna", "role": "agent"}),
        )
        .await;
    let (status, _) = described
        .check(Method::POST, "/api/pages/{id}/tokens", created)
        .await;
    assert_eq!(status, 201);
    let (status, tokens) = described
        .check(
            Method::GET,
            "/api/pages/{id}/tokens",
            app.get(&format!("{page}/tokens"), Some(EVA_ADMIN)).await,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(tokens["tokens"][0]["name"], "Anna");

    let simulated = app
        .post_json(
            &format!("{page}/simulate"),
            EVA_ADMIN,
            json!({"text": "Kdy máte otevřeno?"}),
        )
        .await;
    let (status, _) = described
        .check(Method::POST, "/api/pages/{id}/simulate", simulated)
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn real_error_responses_match_their_schemas() {
    let app = spawn_app().await;
    let described = Described::of(&app).await;
    let page = page_path(PAGE_ID);

    let (status, error) = described
        .check(Method::GET, "/api/queue", app.get("/api/queue", None).await)
        .await;
    assert_eq!((status, &error["code"]), (401, &json!("unauthorized")));

    let unknown = conversation_path(&conversation_key_of(
        frontdesk::domain::event::Channel::Messenger,
        PAGE_ID,
        "no-such-customer",
    ));
    let (status, error) = described
        .check(
            Method::GET,
            conversation_template(),
            app.get(&unknown, Some(API_TOKEN)).await,
        )
        .await;
    assert_eq!((status, &error["code"]), (404, &json!("not_found")));

    let (status, _) = described
        .check(
            Method::GET,
            "/api/pages/{id}",
            app.get(&page_path(OTHER_PAGE_ID), Some(EVA_ADMIN)).await,
        )
        .await;
    assert_eq!(status, 404, "another admin's page does not exist for Eva");

    let invalid = app
        .call(
            Method::PATCH,
            &page,
            Some(EVA_ADMIN),
            Some(json!({"hours": {"mon": ["25:00-26:00"]}})),
        )
        .await;
    let (status, error) = described
        .check(Method::PATCH, "/api/pages/{id}", invalid)
        .await;
    assert_eq!((status, &error["code"]), (422, &json!("invalid_config")));
    assert_eq!(error["field"], "hours.mon[0]");

    let reversed = app
        .get(
            &format!("/api/stats?page={PAGE_ID}&from=2026-11-20&to=2026-11-10"),
            Some(API_TOKEN),
        )
        .await;
    let (status, _) = described.check(Method::GET, "/api/stats", reversed).await;
    assert_eq!(status, 400);

    let unsigned = app.post_messenger(b"{}", None).await;
    let (status, error) = described
        .check(Method::POST, "/webhooks/messenger", unsigned)
        .await;
    assert_eq!((status, &error["code"]), (401, &json!("signature_missing")));
}

/// The check can fail: a body that breaks its schema is reported, naming the place.
#[tokio::test]
async fn a_body_that_does_not_match_its_schema_is_reported() {
    let app = spawn_app().await;
    let described = Described::of(&app).await;
    let queue: Value = app
        .get(&format!("/api/queue?page={PAGE_ID}"), Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        described
            .mismatches(&Method::GET, "/api/queue", 200, &queue)
            .is_empty()
    );
    let wrong = json!({"page": PAGE_ID, "conversations": [{"channel": "fax"}]});
    let mismatches = described.mismatches(&Method::GET, "/api/queue", 200, &wrong);
    assert!(
        mismatches.iter().any(|m| m.contains("/conversations/0")),
        "{mismatches:?}"
    );
    let error = json!({"code": "not_found", "message": "no"});
    assert!(
        !described
            .mismatches(&Method::GET, "/api/queue", 401, &error)
            .is_empty(),
        "a 401 never carries not_found"
    );
    let undocumented = json!({"code": "unauthorized", "message": "no", "token": "secret"});
    assert!(
        !described
            .mismatches(&Method::GET, "/api/queue", 401, &undocumented)
            .is_empty(),
        "an undocumented property is reported"
    );
    let extra = json!({"page": PAGE_ID, "conversations": [], "total": 0});
    assert!(
        !described
            .mismatches(&Method::GET, "/api/queue", 200, &extra)
            .is_empty(),
        "an undocumented property is reported"
    );
}

#[tokio::test]
async fn every_operation_in_the_description_exists_and_those_behind_a_token_need_it() {
    let app = spawn_app().await;
    let described = Described::of(&app).await;
    let paths = described.document["paths"].as_object().unwrap().clone();
    assert!(paths.len() >= 30, "{}", paths.len());
    for (template, operations) in &paths {
        let path = template
            .replace("{channel}", "messenger")
            .replace("{page}", PAGE_ID)
            .replace("{customer}", CUSTOMER)
            .replace("{id}", PAGE_ID)
            .replace("{n}", "1")
            .replace("{token_id}", "0123456789ab");
        for (method, operation) in operations.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let needs_token = operation["security"] == json!([{ "bearer": [] }]);
            let response = app.call(method.clone(), &path, None, Some(json!({}))).await;
            let status = response.status().as_u16();
            if needs_token {
                // It exists (an unknown route would be 404) and it is protected.
                assert_eq!(status, 401, "{method} {template}");
            } else {
                assert!(
                    operation["responses"][status.to_string()].is_object(),
                    "{method} {template} answered {status}, which it does not document"
                );
            }
            if response
                .headers()
                .get("content-type")
                .is_some_and(|t| t.as_bytes().starts_with(b"application/json"))
                && status >= 400
            {
                described.check(method, template, response).await;
            }
        }
    }
}

/// The components with undocumented properties made errors: an object schema gets
/// `additionalProperties: false` (`unevaluatedProperties: false` where it is composed with
/// `allOf`), except the schemas other schemas compose with `allOf` (flattened types: their
/// object's properties are the composite's).
fn strict(components: &Value) -> Value {
    let mut composed = BTreeSet::new();
    composed_parts(components, &mut composed);
    let mut components = components.clone();
    if let Some(schemas) = components["schemas"].as_object_mut() {
        for (name, schema) in schemas.iter_mut() {
            tighten(schema, composed.contains(name));
        }
    }
    components
}

/// The names of the schemas some `allOf` refers to.
fn composed_parts(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(parts)) = map.get("allOf") {
                for part in parts {
                    if let Some(Value::String(target)) = part.get("$ref") {
                        let name = target.trim_start_matches("#/components/schemas/");
                        found.insert(name.to_owned());
                    }
                }
            }
            map.values().for_each(|v| composed_parts(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| composed_parts(v, found)),
        _ => {}
    }
}

fn tighten(schema: &mut Value, composed: bool) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(parts)) = map.get_mut("allOf") {
        parts.iter_mut().for_each(|part| tighten(part, true));
        if !composed {
            map.insert("unevaluatedProperties".into(), Value::Bool(false));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(parts)) = map.get_mut(key) {
            parts.iter_mut().for_each(|part| tighten(part, composed));
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.values_mut().for_each(|p| tighten(p, false));
        if !composed && !map.contains_key("additionalProperties") {
            map.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = map.get_mut(key) {
            tighten(inner, false);
        }
    }
}
