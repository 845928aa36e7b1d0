//! The API's OpenAPI 3.1 description, generated from the handlers' `#[utoipa::path]`
//! annotations and the types they take and answer (`ToSchema`, `IntoParams`), so it changes
//! with them. `api/openapi.json` is this document as committed (a test fails when the two
//! differ; `FRONTDESK_WRITE_OPENAPI=1 cargo test --lib openapi` rewrites it), and
//! `GET /api/openapi.json` serves it.
//!
//! What follows from the plumbing rather than from a handler is added here, once, by
//! `conventions`: every route behind a bearer token can answer 401 and 503, every route
//! with a body 400, 408 and 413, every route with a query or a typed path parameter 400.
//! Every error response gets the error body, its `code` narrowed to the codes of that status
//! (from `ErrorCode`, the one table of codes and statuses).

use std::borrow::Cow;
use std::sync::LazyLock;

use serde_json::{Map, Value, json};
use utoipa::openapi::schema::{Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, security};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

use super::error::{ErrorBody, ErrorCode};
use crate::domain::page::PageFile;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "frontdesk API",
        version = "1",
        description = "Staff and admin API of frontdesk, and the platform webhooks. API routes take \
            `Authorization: Bearer <token>` (tokens: `frontdesk token create`, or \
            `POST /api/pages/{id}/tokens`); a page or conversation that is not the caller's \
            answers 404, so ids do not leak. Errors answer `{\"code\", \"message\"}` (and \
            `field` for `invalid_config` and `text_too_long`) with a stable `code`; \
            503 `store_unavailable` comes with `Retry-After`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "/", description = "This instance")),
    paths(
        super::staff::list_queue,
        super::stats::stats,
        super::staff::show,
        super::staff::claim,
        super::staff::release,
        super::staff::assign,
        super::staff::resolve,
        super::staff::reopen,
        super::staff::add_note,
        super::staff::change_labels,
        super::staff::reply,
        super::staff::link,
        super::staff::unlink,
        super::admin::list,
        super::admin::create,
        super::admin::show,
        super::admin::replace,
        super::admin::patch,
        super::admin::delete,
        super::admin::versions,
        super::admin::show_version,
        super::admin::restore,
        super::admin::set_override,
        super::admin::clear_override,
        super::admin::start_crisis,
        super::admin::end_crisis,
        super::admin::crisis_resolution,
        super::admin::simulate,
        super::tokens::list,
        super::tokens::create,
        super::tokens::revoke,
        super::webhooks::messenger_handshake,
        super::webhooks::messenger_event,
        super::webhooks::instagram_handshake,
        super::webhooks::instagram_event,
        super::webhooks::x_crc,
        super::webhooks::x_event,
        super::health,
        super::ready,
        super::privacy::export,
        super::privacy::erase,
        super::privacy::erasures,
        super::metrics,
        super::openapi,
    ),
    components(schemas(
        ErrorBody,
        ErrorCode,
        crate::domain::event::Channel,
        crate::domain::conversation::Status,
        crate::queue::Order,
    )),
    modifiers(&BearerToken),
    tags(
        (name = "staff", description = "The human queue, conversations and the day figures (agents and admins of a page)"),
        (name = "admin", description = "A page's configuration, versions, away/open override, crisis mode and simulator (admins of the page; agents get 403)"),
        (name = "tokens", description = "A page's API tokens (admins of the page)"),
        (name = "webhooks", description = "Platform deliveries, verified by their signature (no bearer token)"),
        (name = "operations", description = "Liveness, metrics and this description (no bearer token)"),
    )
)]
struct ApiDoc;

/// The `bearer` security scheme the API routes name.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            security::SecurityScheme::Http(
                security::HttpBuilder::new()
                    .scheme(security::HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (`frontdesk token create`, or `POST /api/pages/{id}/tokens`)",
                    ))
                    .build(),
            ),
        );
    }
}

/// The description as JSON.
pub fn document() -> Value {
    let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    conventions(&mut document);
    document
}

/// The description as `api/openapi.json` holds it (pretty, with a final newline); computed
/// once per process.
pub fn document_json() -> &'static str {
    static JSON: LazyLock<String> = LazyLock::new(|| {
        let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
        text.push('\n');
        text
    });
    &JSON
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Adds what every route of a kind answers, the error bodies, and an explicit empty
/// `security` on the routes without a token (see the module doc).
fn conventions(document: &mut Value) {
    let mut statuses = std::collections::BTreeSet::new();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            for method in METHODS {
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    add_plumbing_errors(operation);
                    statuses.extend(describe_errors(operation));
                }
            }
        }
    }
    let schemas = &mut document["components"]["schemas"];
    for status in statuses {
        schemas[error_schema_name(status)] = error_schema(status);
    }
}

fn add_plumbing_errors(operation: &mut Map<String, Value>) {
    let bearer = operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
    if !operation.contains_key("security") {
        operation.insert("security".into(), json!([]));
    }
    let body = operation.contains_key("requestBody");
    let parameters = operation
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let query = parameters.iter().any(|p| p["in"] == "query");
    let typed_path = parameters
        .iter()
        .any(|p| p["in"] == "path" && p["schema"]["type"] != "string");
    let mut add = |status: u16, description: &str| {
        let responses = operation
            .entry("responses")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        if let Some(responses) = responses {
            responses
                .entry(status.to_string())
                .or_insert_with(|| json!({ "description": description }));
        }
    };
    if bearer {
        add(401, "No valid bearer token (`unauthorized`)");
    }
    if body {
        add(
            400,
            "The body is not JSON of the expected shape (`bad_request`)",
        );
        add(
            408,
            "The body did not arrive within the request timeout; the connection is closed (`request_timeout`)",
        );
        add(413, "The body is larger than 1 MiB (`payload_too_large`)");
    }
    if query {
        add(400, "The query string does not parse (`bad_request`)");
    }
    if typed_path {
        add(400, "A path parameter does not parse (`bad_request`)");
    }
    if bearer || body {
        add(
            503,
            "The store is unavailable; try again after `Retry-After` seconds (`store_unavailable`)",
        );
    }
}

/// Gives every error response of `operation` its body (and 503 its `Retry-After`); the
/// statuses it met.
fn describe_errors(operation: &mut Map<String, Value>) -> Vec<u16> {
    let mut statuses = Vec::new();
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return statuses;
    };
    for (status, response) in responses.iter_mut() {
        let Some(status) = status.parse::<u16>().ok().filter(|s| *s >= 400) else {
            continue;
        };
        statuses.push(status);
        response["content"] = json!({
            "application/json": {
                "schema": { "$ref": format!("#/components/schemas/{}", error_schema_name(status)) }
            }
        });
        if status == 503 {
            response["headers"] = json!({
                "Retry-After": {
                    "description": "Seconds to wait before trying again",
                    "required": true,
                    "schema": { "type": "integer", "minimum": 0 }
                }
            });
        }
    }
    statuses
}

fn error_schema_name(status: u16) -> String {
    format!("Error{status}")
}

/// The error body with its `code` narrowed to the codes answered with `status`.
fn error_schema(status: u16) -> Value {
    let codes: Vec<&str> = ErrorCode::ALL
        .iter()
        .filter(|code| code.status().as_u16() == status)
        .map(|code| code.as_str())
        .collect();
    json!({
        "description": format!("An error answered with status {status}"),
        "allOf": [
            { "$ref": "#/components/schemas/ErrorBody" },
            { "type": "object", "properties": { "code": { "enum": codes } } }
        ]
    })
}

/// A page's configuration as the API shows it (`pages::without_secrets`): the document
/// without `access_token` and `refresh_token`, with whether each is set.
pub struct PageConfigShown;

impl PartialSchema for PageConfigShown {
    fn schema() -> RefOr<Schema> {
        page_config(|object| {
            remove_properties(object, &["access_token", "refresh_token"]);
            add_flag(
                object,
                "access_token_set",
                "Whether the page has an access token (it is never shown)",
                true,
            );
            add_flag(
                object,
                "refresh_token_set",
                "X: present (true) when the account has a refresh token (never shown)",
                false,
            );
        })
    }
}

impl ToSchema for PageConfigShown {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PageConfigShown")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <PageFile as ToSchema>::schemas(schemas);
    }
}

/// A whole configuration sent to replace the stored one: the id and channel are the page's
/// whatever is sent, secrets left out are kept, and the `…_set` flags of a shown
/// configuration are accepted and ignored.
pub struct PageConfigUpdate;

impl PartialSchema for PageConfigUpdate {
    fn schema() -> RefOr<Schema> {
        page_config(|object| {
            object
                .required
                .retain(|name| !matches!(name.as_str(), "id" | "channel" | "access_token"));
            add_flag(object, "access_token_set", "Ignored", false);
            add_flag(object, "refresh_token_set", "Ignored", false);
        })
    }
}

impl ToSchema for PageConfigUpdate {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PageConfigUpdate")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <PageFile as ToSchema>::schemas(schemas);
    }
}

/// The page document's schema, changed by `change`.
fn page_config(change: impl FnOnce(&mut Object)) -> RefOr<Schema> {
    let mut schema = <PageFile as PartialSchema>::schema();
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        change(object);
    }
    schema
}

fn remove_properties(object: &mut Object, names: &[&str]) {
    for name in names {
        object.properties.remove(*name);
    }
    object
        .required
        .retain(|name| !names.contains(&name.as_str()));
}

fn add_flag(object: &mut Object, name: &str, description: &str, required: bool) {
    object.properties.insert(
        name.to_owned(),
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .description(Some(description))
            .into(),
    );
    if required {
        object.required.push(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMITTED: &str = "api/openapi.json";

    /// `api/openapi.json` is what the code generates. With `FRONTDESK_WRITE_OPENAPI=1` the
    /// test writes it instead.
    #[test]
    fn the_committed_description_is_the_generated_one() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
        if std::env::var_os("FRONTDESK_WRITE_OPENAPI").is_some() {
            std::fs::write(&path, document_json()).expect("writing api/openapi.json");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == document_json(),
            "{COMMITTED} differs from the description the code generates; regenerate it with \
             `FRONTDESK_WRITE_OPENAPI=1 cargo test --lib openapi` and commit it"
        );
    }

    /// Every `$ref` points at a component that exists.
    #[test]
    fn every_reference_resolves() {
        fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(target)) = map.get("$ref") {
                        found.push(target);
                    }
                    map.values().for_each(|v| refs(v, found));
                }
                Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
                _ => {}
            }
        }
        let document = document();
        let mut found = Vec::new();
        refs(&document, &mut found);
        assert!(found.len() > 50, "{}", found.len());
        for target in found {
            let pointer = target.trim_start_matches('#');
            assert!(
                document.pointer(pointer).is_some(),
                "{target} does not resolve"
            );
        }
    }

    #[test]
    fn every_error_status_lists_exactly_its_codes() {
        let document = document();
        let enum_of = |status: &str| {
            document["components"]["schemas"][format!("Error{status}")]
            ["allOf"][1]["properties"]["code"]["enum"]
            .clone()
        };
        assert_eq!(
            enum_of("401"),
            json!(["signature_missing", "signature_invalid", "unauthorized"])
        );
        assert_eq!(
            enum_of("422"),
            json!(["window_closed", "text_too_long", "invalid_config"])
        );
        assert_eq!(enum_of("503"), json!(["store_unavailable"]));
    }

    #[test]
    fn api_routes_take_a_bearer_token_and_answer_401_and_503_webhooks_take_none() {
        let document = document();
        let queue = &document["paths"]["/api/queue"]["get"];
        assert_eq!(queue["security"], json!([{ "bearer": [] }]));
        assert!(queue["responses"]["401"].is_object());
        assert_eq!(
            queue["responses"]["503"]["headers"]["Retry-After"]["required"],
            true
        );
        let webhook = &document["paths"]["/webhooks/messenger"]["post"];
        assert_eq!(webhook["security"], json!([]));
        for status in ["400", "401", "408", "413", "503"] {
            assert!(webhook["responses"][status].is_object(), "{status}");
        }
    }

    #[test]
    fn the_shown_configuration_has_no_secrets() {
        let document = document();
        let shown = &document["components"]["schemas"]["PageConfigShown"];
        let properties = shown["properties"].as_object().cloned().unwrap_or_default();
        assert!(properties.contains_key("access_token_set"));
        assert!(properties.contains_key("hours"));
        assert!(!properties.contains_key("access_token"));
        assert!(!properties.contains_key("refresh_token"));
        let update = &document["components"]["schemas"]["PageConfigUpdate"];
        assert!(
            !update["required"]
                .as_array()
                .is_some_and(|r| r.contains(&json!("access_token")))
        );
    }
}
