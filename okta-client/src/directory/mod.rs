//! Pure Active Directory logic: `findDirectoryUser` semantics, the ordered resolver, Immutable IDs.
//!
//! # The problem
//!
//! Office 365 matches an Okta user to an Entra ID account by its Immutable ID: the base64 of the
//! AD objectGUID, which Okta keeps as the AD app user's `externalId`. Okta's default Office 365
//! mapping, `hasDirectoryUser() ? findDirectoryUser().externalId : null`, only works for a user
//! in exactly one AD instance: with zero or several AD assignments (whatever their status)
//! `findDirectoryUser()` is `null`, and so is the Immutable ID ([`find_directory_user`] mirrors
//! that). Admins work around it by reading the app user from a chosen AD instance, falling back
//! to the next. Done naively, ANY error from the first instance means "try the second", so a
//! rate limit or a timeout silently writes the wrong directory's value.
//!
//! # The resolver
//!
//! [`resolve_immutable_id`] takes the instances in order of preference with what a lookup found
//! in each ([`InstanceLookup`]: assigned, or a genuine 404 "not assigned" — transient errors
//! never get this far) and returns a typed [`Resolution`]: the chosen [`ImmutableId`] with what
//! was seen everywhere else, or why nothing may be pushed. No I/O happens here, so the rules are
//! tested exhaustively, and the same code runs against a real org and against okta-mock.
//!
//! The order of the instances picks between instances that disagree only when a person chose
//! it ([`Policy::FirstInChosenOrder`]). The default, [`Policy::RequireAgreement`], turns two
//! different valid values into [`Resolution::Conflict`]: an order nobody chose (such as the
//! order the API lists the AD apps in) must never decide whose account an Office 365 account
//! is joined to.
//!
//! ```
//! use okta_client::directory::{
//!     AdInstance, ImmutableId, InstanceLookup, Policy, resolve_immutable_id,
//! };
//! use okta_client::models::AppUser;
//!
//! let corp = AdInstance::new("0oa1corp", "corp.example.com").with_variable_name("active_directory");
//! let emea = AdInstance::new("0oa2emea", "emea.example.com");
//! let in_emea: AppUser = serde_json::from_value(serde_json::json!({
//!     "id": "00u1", "status": "ACTIVE", "externalId": "yYuRNW0Z6kCXeYidebdT8A==", "profile": {}
//! })).unwrap();
//!
//! // Not assigned to corp (a real 404 E0000007), assigned to emea.
//! let lookups = [(corp, InstanceLookup::NotAssigned), (emea.clone(), InstanceLookup::Assigned(in_emea))];
//! let resolution = resolve_immutable_id(&lookups, Policy::default());
//!
//! assert_eq!(resolution.instance(), Some(&emea));
//! let id = resolution.immutable_id().unwrap();
//! assert_eq!(id.to_object_guid(), "35918bc9-196d-40ea-9779-889d79b753f0");
//! assert_eq!(id, &ImmutableId::from_object_guid("35918bc9-196d-40ea-9779-889d79b753f0").unwrap());
//! ```

mod assignment;
mod immutable_id;
mod resolver;

pub use assignment::{
    AdInstance, DirectoryAssignment, directory_external_id, find_directory_user,
    has_directory_user, is_unlinked_status,
};
pub use immutable_id::{ImmutableId, InvalidImmutableId, InvalidObjectGuid};
pub use resolver::{
    InstanceLookup, Observation, OrderChosen, Policy, Resolution, Strictness,
    lookups_from_assignments, resolve_immutable_id,
};
