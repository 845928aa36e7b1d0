//! Console sessions: signing in with an API token, the session cookie, CSRF, signing out.
//!
//! A session is kept in the store (so every instance knows it, and signing out ends it
//! everywhere) under the SHA-256 of its cookie; it holds the *hash* of the token it was opened
//! with, never the token, and every request authenticates that hash again, so a revoked or
//! expired token ends its sessions at once. The cookie is HttpOnly, SameSite=Strict, scoped to
//! `/console`, Secure when the request came over HTTPS, and expires with the session.
//!
//! Every state-changing request carries the session's CSRF token (the `X-CSRF-Token` header
//! that htmx sends, or a `csrf` form field) and, when the browser says where it comes from, an
//! `Origin` of this host. The middleware `require_session` checks all of that once and puts the
//! person (`auth::Caller`) and the `Viewer` in the request, so the API's extractors
//! (`ConversationAccess`, `PageAdmin`) authorize console requests unchanged.

use std::time::Duration as StdDuration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::i18n::Lang;
use super::render::{Chrome, html_with_status};
use crate::access::{Role, token_hash};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::store::RecordStore;

/// The session cookie.
pub const SESSION_COOKIE: &str = "fd_session";
/// The cookie that pairs the sign-in form with its browser (no session exists yet).
const SIGN_IN_COOKIE: &str = "fd_sign_in";
/// How long a session lasts after signing in.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);
/// Sign-in attempts allowed from one address per minute, so that a weak token from the
/// settings file cannot be guessed through the form (whether an attempt is refused is
/// decided before the token is looked at).
const SIGN_INS_PER_MINUTE: u64 = 10;
/// The largest form the CSRF check reads (state-changing console forms are small).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// What the store keeps of a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionRecord {
    token_hash: String,
    csrf: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// The signed-in person as the console shows them: name, role, language and the CSRF token
/// their forms carry.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    pub csrf: String,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.role >= Role::Admin
    }
}

impl actix_web::FromRequest for Viewer {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<Viewer>()
                .cloned()
                .ok_or(ApiError::Unauthorized),
        )
    }
}

fn store_key(cookie_value: &str) -> String {
    format!(
        "console-session:{}",
        hex::encode(Sha256::digest(cookie_value.as_bytes()))
    )
}

/// 256 random bits, hex.
fn random_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn is_https(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

fn cookie<'c>(name: &'c str, value: String, req: &HttpRequest, max_age: Duration) -> Cookie<'c> {
    Cookie::build(name, value)
        .path("/console")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(is_https(req))
        .max_age(actix_web::cookie::time::Duration::seconds(
            max_age.num_seconds(),
        ))
        .finish()
}

fn expired_cookie<'c>(name: &'c str, req: &HttpRequest) -> Cookie<'c> {
    let mut gone = cookie(name, String::new(), req, Duration::zero());
    gone.make_removal();
    gone
}

/// Where a request without a valid session is sent: the sign-in page (htmx follows
/// `HX-Redirect` instead of swapping the page in).
fn to_sign_in(req: &HttpRequest, expired: bool) -> HttpResponse {
    let target = if expired {
        "/console/login?expired=1"
    } else {
        "/console/login"
    };
    let mut response = if req.headers().contains_key("HX-Request") {
        let mut r = HttpResponse::Ok();
        r.insert_header(("HX-Redirect", target));
        r
    } else {
        let mut r = HttpResponse::SeeOther();
        r.insert_header((header::LOCATION, target));
        r
    };
    if expired {
        response.cookie(expired_cookie(SESSION_COOKIE, req));
    }
    response.finish()
}

/// Paths of the console that need no session.
fn is_public(path: &str) -> bool {
    path == "/console/login"
        || path.starts_with("/console/static/")
        || path.starts_with("/console/lang/")
}

/// The request came from this host, when the browser says where it came from.
fn same_origin(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let host = req.connection_info().host().to_owned();
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}

/// The CSRF token a request carries: the `X-CSRF-Token` header, or the `csrf` field of a
/// urlencoded form (read, then put back for the handler).
async fn csrf_of(req: &mut ServiceRequest) -> Option<String> {
    if let Some(token) = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
    {
        return Some(token.to_owned());
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return None;
    }
    let body = req
        .extract::<web::Bytes>()
        .await
        .ok()
        .filter(|b| b.len() <= MAX_FORM_BYTES)?;
    let token = form_urlencoded_field(&body, "csrf");
    let replay = body.clone();
    let stream: actix_web::dev::Payload =
        Payload::from(Box::pin(futures_util::stream::once(async move {
            Ok::<_, actix_web::error::PayloadError>(replay)
        }))
            as std::pin::Pin<Box<dyn futures_util::Stream<Item = _>>>);
    req.set_payload(stream);
    token
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// The console's gate: every path but sign-in, static files and the language switch needs a
/// live session; state-changing requests also need its CSRF token and a same-origin `Origin`.
/// A refusal is answered here as a response (not an error), so that the console's error
/// pages render it like any other.
pub async fn require_session(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if is_public(req.path()) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    match admit(&mut req).await {
        Ok(None) => Ok(next.call(req).await?.map_into_boxed_body()),
        Ok(Some(answer)) => Ok(req.into_response(answer)),
        Err(error) => {
            use actix_web::ResponseError;
            Ok(req.into_response(error.error_response()))
        }
    }
}

/// Lets the request in (the person and the `Viewer` put in it), or answers it: to the
/// sign-in page without a live session, 403 without the CSRF token.
async fn admit(req: &mut ServiceRequest) -> Result<Option<HttpResponse>, ApiError> {
    let lang = Lang::of(req.request());
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or(ApiError::Unauthorized)?;
    let Some(cookie_value) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(Some(to_sign_in(req.request(), false)));
    };
    let key = store_key(&cookie_value);
    let record = state
        .store
        .get_value(&key)
        .await?
        .and_then(|text| serde_json::from_str::<SessionRecord>(&text).ok());
    let now = state.clock.now();
    let Some(record) = record.filter(|r| r.expires_at > now) else {
        state.store.delete_value(&key).await?;
        return Ok(Some(to_sign_in(req.request(), true)));
    };
    let Some(caller) = Caller::from_token_hash(&state, &record.token_hash).await? else {
        // The token was revoked or has expired: so has every session opened with it.
        state.store.delete_value(&key).await?;
        return Ok(Some(to_sign_in(req.request(), true)));
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let carried = csrf_of(req).await;
        let csrf_ok = carried.is_some_and(|given| {
            use subtle::ConstantTimeEq;
            given.as_bytes().ct_eq(record.csrf.as_bytes()).into()
        });
        if !csrf_ok || !same_origin(req.request()) {
            tracing::warn!(staff = %caller.name, path = %req.path(), "console request refused: CSRF check failed");
            return Err(ApiError::Forbidden(lang.texts().form_expired.to_owned()));
        }
    }
    req.extensions_mut().insert(Viewer {
        name: caller.name.clone(),
        role: caller.role,
        lang,
        csrf: record.csrf,
    });
    req.extensions_mut().insert(caller);
    Ok(None)
}

#[derive(askama::Template)]
#[template(path = "console/sign_in.html")]
struct SignInPage<'a> {
    chrome: Chrome<'a>,
    sign_in_csrf: &'a str,
    error: Option<&'a str>,
    notice: Option<&'a str>,
}

#[derive(Deserialize)]
pub struct SignInQuery {
    expired: Option<u8>,
}

/// `GET /console/login`: the sign-in form.
pub async fn sign_in_form(req: HttpRequest, query: web::Query<SignInQuery>) -> HttpResponse {
    let lang = Lang::of(&req);
    let texts = lang.texts();
    let notice = query.expired.is_some().then_some(texts.session_expired);
    render_sign_in(&req, lang, None, notice, actix_web::http::StatusCode::OK)
}

fn render_sign_in(
    req: &HttpRequest,
    lang: Lang,
    error: Option<&str>,
    notice: Option<&str>,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    let sign_in_csrf = random_secret();
    let page = SignInPage {
        chrome: Chrome::anonymous(lang, lang.texts().sign_in),
        sign_in_csrf: &sign_in_csrf,
        error,
        notice,
    };
    let mut response = html_with_status(&page, status);
    if let Ok(cookie) = header::HeaderValue::from_str(
        &cookie(
            SIGN_IN_COOKIE,
            sign_in_csrf.clone(),
            req,
            Duration::hours(1),
        )
        .to_string(),
    ) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct SignInForm {
    token: String,
    csrf: String,
}

/// `POST /console/login`: checks the token; a valid one opens a session, anything else
/// answers 401 with the same plain message (no hint of why).
pub async fn sign_in(
    req: HttpRequest,
    form: web::Form<SignInForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::of(&req);
    let form = form.into_inner();
    let paired = req
        .cookie(SIGN_IN_COOKIE)
        .is_some_and(|c| !form.csrf.is_empty() && c.value() == form.csrf);
    if !paired || !same_origin(&req) {
        return Ok(render_sign_in(
            &req,
            lang,
            Some(lang.texts().form_expired),
            None,
            actix_web::http::StatusCode::FORBIDDEN,
        ));
    }
    let now = state.clock.now();
    let address = req
        .peer_addr()
        .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string());
    let attempts_key = format!("console-sign-ins:{address}:{}", now.timestamp() / 60);
    let attempts = state
        .store
        .count_up(&attempts_key, StdDuration::from_secs(120))
        .await?;
    if attempts > SIGN_INS_PER_MINUTE {
        tracing::warn!(%address, attempts, "console sign-in throttled");
        return Ok(render_sign_in(
            &req,
            lang,
            Some(lang.texts().too_many_attempts),
            None,
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let token = form.token.trim();
    let Some(caller) = Caller::from_token(&state, token).await? else {
        tracing::info!(%address, "console sign-in refused");
        return Ok(render_sign_in(
            &req,
            lang,
            Some(lang.texts().wrong_token),
            None,
            actix_web::http::StatusCode::UNAUTHORIZED,
        ));
    };
    let session_id = random_secret();
    let record = SessionRecord {
        token_hash: token_hash(token),
        csrf: random_secret(),
        created_at: now,
        expires_at: now + SESSION_LIFETIME,
    };
    let lifetime = SESSION_LIFETIME
        .to_std()
        .unwrap_or(StdDuration::from_secs(12 * 3600));
    state
        .store
        .put_value_expiring(
            &store_key(&session_id),
            &serde_json::to_string(&record).unwrap_or_default(),
            lifetime,
        )
        .await?;
    tracing::info!(staff = %caller.name, "console session opened");
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/console"))
        .cookie(cookie(SESSION_COOKIE, session_id, &req, SESSION_LIFETIME))
        .cookie(expired_cookie(SIGN_IN_COOKIE, &req))
        .finish())
}

/// `POST /console/logout`: ends the session everywhere.
pub async fn sign_out(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if let Some(session) = req.cookie(SESSION_COOKIE) {
        state
            .store
            .delete_value(&store_key(session.value()))
            .await?;
    }
    tracing::info!(staff = %viewer.name, "console session closed");
    let mut response = if req.headers().contains_key("HX-Request") {
        let mut r = HttpResponse::Ok();
        r.insert_header(("HX-Redirect", "/console/login"));
        r
    } else {
        let mut r = HttpResponse::SeeOther();
        r.insert_header((header::LOCATION, "/console/login"));
        r
    };
    Ok(response
        .cookie(expired_cookie(SESSION_COOKIE, &req))
        .finish())
}

#[derive(Deserialize)]
pub struct LangQuery {
    back: Option<String>,
}

/// `GET /console/lang/{code}?back=/console/…`: remembers the viewer's language and goes back
/// (only to a console path, so the switch cannot send anyone elsewhere).
pub async fn switch_language(
    req: HttpRequest,
    code: web::Path<String>,
    query: web::Query<LangQuery>,
) -> HttpResponse {
    let back = query
        .back
        .as_deref()
        .filter(|b| b.starts_with("/console") && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or("/console");
    let mut response = HttpResponse::SeeOther();
    response.insert_header((header::LOCATION, back));
    if let Some(lang) = Lang::parse(&code) {
        response.cookie(cookie(
            super::i18n::LANG_COOKIE,
            lang.code().to_owned(),
            &req,
            Duration::days(365),
        ));
    }
    response.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csrf_field_is_read_from_a_form_body() {
        assert_eq!(
            form_urlencoded_field(b"text=hi&csrf=abc%20d", "csrf").as_deref(),
            Some("abc d")
        );
        assert_eq!(form_urlencoded_field(b"text=hi", "csrf"), None);
        assert_eq!(form_urlencoded_field(&[0xff, 0xfe], "csrf"), None);
    }

    #[test]
    fn only_sign_in_static_files_and_the_language_switch_are_public() {
        assert!(is_public("/console/login"));
        assert!(is_public("/console/static/console.css"));
        assert!(!is_public("/console"));
        assert!(!is_public("/console/c/messenger/1/2"));
        assert!(!is_public("/console/loginx"));
    }
}
