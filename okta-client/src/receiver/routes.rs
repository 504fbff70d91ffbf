//! The two requests Okta makes to a hook's endpoint: the verification GET and the delivery
//! POST.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::sync::mpsc;
use tracing::{debug, warn};

use super::HookEvent;
use super::auth::ReceiverAuth;
use super::window::SeenWindow;
use crate::models::{EventHookDelivery, VERIFICATION_CHALLENGE_HEADER};

/// Where new events go.
pub(super) enum Sink {
    /// Called inline, one event at a time.
    Handler(Arc<dyn Fn(HookEvent) + Send + Sync>),
    /// Sent without waiting; a full channel refuses the rest of the delivery.
    Channel(mpsc::Sender<HookEvent>),
}

/// What every request of one receiver shares.
pub(super) struct Shared {
    pub(super) auth: ReceiverAuth,
    pub(super) sink: Sink,
    pub(super) window: Mutex<SeenWindow>,
}

pub(super) fn router(path: &str, shared: Arc<Shared>) -> Router {
    Router::new()
        .route(path, get(verify).post(deliver))
        .with_state(shared)
}

/// The one-time verification request: echo the challenge header as `{"verification": …}`.
async fn verify(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !shared.auth.admits(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Some(challenge) = headers
        .get(VERIFICATION_CHALLENGE_HEADER)
        .and_then(|v| v.to_str().ok())
    else {
        return (
            StatusCode::BAD_REQUEST,
            "no X-Okta-Verification-Challenge header",
        )
            .into_response();
    };
    debug!("answering Okta's event hook verification challenge");
    axum::Json(json!({ "verification": challenge })).into_response()
}

/// A delivery: hand each event not seen recently to the sink, answer 200 (no body, as Okta
/// expects).
async fn deliver(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if !shared.auth.admits(&headers) {
        warn!("refusing an event hook delivery without the expected auth header");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let delivery: EventHookDelivery = match serde_json::from_slice(&body) {
        Ok(delivery) => delivery,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("not an Okta event hook delivery: {e}"),
            )
                .into_response();
        }
    };
    if !delivery.event_type.is_empty() && !delivery.is_event_hook() {
        let message = format!(
            "not an Okta event hook delivery: eventType is {:?}",
            delivery.event_type
        );
        return (StatusCode::BAD_REQUEST, message).into_response();
    }
    match hand_out(&shared, delivery) {
        Ok(()) => StatusCode::OK.into_response(),
        Err(refused) => {
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, refused).into_response();
            // Okta retries a 5xx once; a short hint for any other caller.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}

/// Hands out the delivery's events in order, skipping those already handed out. The window is
/// held for the whole delivery, so two copies of one delivery arriving together are handed
/// out once.
fn hand_out(shared: &Shared, delivery: EventHookDelivery) -> Result<(), &'static str> {
    let EventHookDelivery {
        event_id,
        event_time,
        source,
        data,
        ..
    } = delivery;
    // A handler that panicked while the lock was held leaves the window as it was: usable.
    let mut window = shared
        .window
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for event in data.events {
        if window.contains(&event.uuid) {
            debug!(uuid = %event.uuid, "ignoring an event delivered again");
            continue;
        }
        let uuid = event.uuid.clone();
        let hook_event = HookEvent {
            event,
            event_id: event_id.clone(),
            event_time,
            source: source.clone(),
        };
        match &shared.sink {
            Sink::Handler(handler) => handler(hook_event),
            Sink::Channel(tx) => match tx.try_send(hook_event) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(_)) => {
                    return Err("the receiver's queue is full; retry later");
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {
                    return Err("the receiver no longer takes events");
                }
            },
        }
        window.insert(&uuid);
    }
    Ok(())
}
