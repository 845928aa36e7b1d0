//! Turning templates into responses: the frame every console page shares (`Chrome`), HTML
//! responses with the console's security headers, and errors as pages or as an alert in the
//! page (for htmx requests) instead of the API's JSON.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use askama::Template;

use super::i18n::{Lang, Texts};
use super::session::Viewer;

/// What the frame around every page needs: the words, the title and who is signed in.
pub struct Chrome<'a> {
    pub t: &'static Texts,
    pub lang: Lang,
    pub title: &'a str,
    pub viewer: Option<&'a Viewer>,
}

impl<'a> Chrome<'a> {
    pub fn anonymous(lang: Lang, title: &'a str) -> Self {
        Chrome {
            t: lang.texts(),
            lang,
            title,
            viewer: None,
        }
    }

    pub fn of(viewer: &'a Viewer, title: &'a str) -> Self {
        Chrome {
            t: viewer.lang.texts(),
            lang: viewer.lang,
            title,
            viewer: Some(viewer),
        }
    }

    /// The CSRF token htmx sends with every request of the page (none before signing in).
    pub fn csrf_headers(&self) -> String {
        self.viewer
            .map(|v| serde_json::json!({ "X-CSRF-Token": v.csrf }).to_string())
            .unwrap_or_else(|| "{}".to_owned())
    }

    /// The CSRF token for forms posted without htmx.
    pub fn csrf(&self) -> &str {
        self.viewer.map_or("", |v| v.csrf.as_str())
    }

    pub fn other_languages(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| *lang != self.lang)
            .collect()
    }
}

/// The console's pages may run only their own scripts and styles, never be framed, and are
/// never cached (they show customers' messages).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self' data:; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub fn html(template: &impl Template) -> HttpResponse {
    html_with_status(template, StatusCode::OK)
}

pub fn html_with_status(template: &impl Template, status: StatusCode) -> HttpResponse {
    match template.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(error) => {
            tracing::error!(%error, "rendering a console template failed");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("internal error")
        }
    }
}

/// Whether htmx sent the request (it swaps a fragment instead of loading a page).
pub fn is_htmx(req: &HttpRequest) -> bool {
    req.headers().contains_key("HX-Request")
}

/// After a form posted without htmx: back to `location` (the browser reloads it).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage<'a> {
    chrome: Chrome<'a>,
    message: &'a str,
}

#[derive(Template)]
#[template(path = "console/_alert.html")]
struct Alert<'a> {
    message: &'a str,
}

/// The words for an error the API layer answered as JSON.
fn error_message(status: StatusCode, api_message: Option<String>, t: &Texts) -> String {
    match status {
        StatusCode::NOT_FOUND => t.not_found.to_owned(),
        StatusCode::FORBIDDEN => match api_message {
            Some(message) if message == t.form_expired => message,
            _ => t.forbidden.to_owned(),
        },
        StatusCode::SERVICE_UNAVAILABLE => t.store_unavailable.to_owned(),
        status if status.is_server_error() => t.something_wrong.to_owned(),
        _ => api_message.unwrap_or_else(|| t.something_wrong.to_owned()),
    }
}

/// Adds the console's security headers and turns the API's JSON errors into the console's:
/// a page, or for htmx an alert swapped into the page's `#flash` region. Status codes and
/// `Retry-After` stay as the API set them.
pub async fn console_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(error) => return Err(error),
    };
    let mut response = if is_json_error(&response) {
        rewrite_error(response).await
    } else {
        response
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
    ] {
        headers.insert(
            header::HeaderName::from_static(name),
            header::HeaderValue::from_static(value),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    Ok(response)
}

fn is_json_error(response: &ServiceResponse<BoxBody>) -> bool {
    let status = response.status();
    (status.is_client_error() || status.is_server_error())
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
}

async fn rewrite_error(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let (req, res) = response.into_parts();
    let status = res.status();
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let body = actix_web::body::to_bytes(res.into_body())
        .await
        .unwrap_or_default();
    let api_message = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned));
    let viewer = req.extensions().get::<Viewer>().cloned();
    let lang = viewer.as_ref().map_or_else(|| Lang::of(&req), |v| v.lang);
    let message = error_message(status, api_message, lang.texts());
    let mut rendered = if is_htmx(&req) {
        let mut alert = html_with_status(&Alert { message: &message }, status);
        alert.headers_mut().insert(
            header::HeaderName::from_static("hx-retarget"),
            header::HeaderValue::from_static("#flash"),
        );
        alert.headers_mut().insert(
            header::HeaderName::from_static("hx-reswap"),
            header::HeaderValue::from_static("innerHTML"),
        );
        alert
    } else {
        let chrome = match &viewer {
            Some(viewer) => Chrome::of(viewer, &message),
            None => Chrome::anonymous(lang, &message),
        };
        html_with_status(
            &ErrorPage {
                chrome,
                message: &message,
            },
            status,
        )
    };
    if let Some(retry_after) = retry_after {
        rendered
            .headers_mut()
            .insert(header::RETRY_AFTER, retry_after);
    }
    ServiceResponse::new(req, rendered)
}
