//! Wire models of the Okta Management API, shared by the client and okta-mock.
//!
//! Usable without the HTTP layer (`default-features = false`). Every enum keeps values it does
//! not know (`Unknown(String)`), and every object keeps keys it does not know, so a newer Okta
//! never breaks decoding and nothing is lost on a round trip.

mod activation;
mod app_group;
mod app_link;
mod app_user;
mod application;
mod credentials;
mod error_body;
mod event_hook;
mod event_hook_delivery;
mod event_hook_request;
mod extra;
mod group;
mod ids;
mod log_event;
mod log_parts;
mod okta_enum;
mod patch;
mod secret;
mod timestamp;
mod user;
mod user_factor;
mod user_profile;

pub use activation::UserActivationToken;
pub use app_group::ApplicationGroupAssignment;
pub use app_link::AssignedAppLink;
pub use app_user::{
    AppUser, AppUserCredentials, AppUserEmbedded, AppUserPassword, AppUserScope, AppUserStatus,
    SyncState,
};
pub use application::{
    ACTIVE_DIRECTORY_APP_NAME, Application, ApplicationStatus, OFFICE365_APP_NAME, SignOnMode,
};
pub use credentials::{
    AuthProvider, AuthProviderType, PasswordCredential, RecoveryQuestion, UserCredentials,
};
pub use error_body::{ErrorCause, ErrorCode, OktaErrorBody};
pub use event_hook::{
    EventHook, EventHookAuthScheme, EventHookAuthSchemeType, EventHookChannel,
    EventHookChannelConfig, EventHookChannelType, EventHookHeader, EventHookId, EventHookStatus,
    EventHookVerificationStatus, EventSubscriptionType, EventSubscriptions,
};
pub use event_hook_delivery::{
    EVENT_HOOK_CLOUD_EVENTS_VERSION, EVENT_HOOK_DELIVERY_TYPE, EVENT_HOOK_DELIVERY_VERSION,
    EventHookDelivery, EventHookDeliveryData, VERIFICATION_CHALLENGE_HEADER,
};
pub use event_hook_request::{EVENT_HOOK_CHANNEL_VERSION, NewEventHook};
pub use group::{Group, GroupProfile, GroupType};
pub use ids::{AppId, FactorId, GroupId, UserId};
pub use log_event::LogEvent;
pub use log_parts::{
    LogActor, LogAuthenticationContext, LogClient, LogDebugContext, LogOutcome, LogOutcomeResult,
    LogSeverity, LogTarget, LogTransaction,
};
pub use patch::Patch;
pub use secret::SecretValue;
pub use timestamp::Timestamp;
pub use user::{User, UserStatus, UserTypeRef};
pub use user_factor::{
    FactorProvider, FactorStatus, FactorType, NewFactorProfile, NewUserFactor, UserFactor,
};
pub use user_profile::UserProfile;
