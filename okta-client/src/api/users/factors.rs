//! A user's MFA factors (`/api/v1/users/{userId}/factors`): list, read, enroll, unenroll.

use reqwest::Method;
use url::Url;

use super::UsersApi;
use crate::Client;
use crate::api::found;
use crate::error::Error;
use crate::models::{FactorId, NewUserFactor, UserFactor, UserId};

impl UsersApi {
    /// The factors of one user: `client.users().factors(&id).list().await?`.
    pub fn factors(&self, user: impl Into<UserId>) -> UserFactorsApi {
        UserFactorsApi {
            client: self.client.clone(),
            user: user.into(),
        }
    }
}

/// Operations on `/api/v1/users/{userId}/factors`. Obtained with [`UsersApi::factors`].
///
/// # Examples
///
/// ```no_run
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// let factors = client.users().factors("00u1emaKYZTWRYYRRTSK").list().await?;
/// let enrolled = factors.iter().any(|f| f.is_active());
/// println!("MFA enrolled: {enrolled}");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct UserFactorsApi {
    client: Client,
    user: UserId,
}

impl std::fmt::Debug for UserFactorsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserFactorsApi")
            .field("user", &self.user)
            .finish()
    }
}

impl UserFactorsApi {
    fn url(&self, factor: Option<&FactorId>) -> Url {
        match factor {
            Some(factor) => {
                self.client
                    .api_url(&["users", self.user.as_str(), "factors", factor.as_str()])
            }
            None => self
                .client
                .api_url(&["users", self.user.as_str(), "factors"]),
        }
    }

    /// Every factor the user enrolled, pending ones included (`GET
    /// /api/v1/users/{userId}/factors`); Okta does not page this list. A user with no factor
    /// gives an empty list.
    ///
    /// # Errors
    /// [`Error::is_not_found`] (404 `E0000007`) when there is no such user; any other API,
    /// transport or decoding error as is.
    pub async fn list(&self) -> Result<Vec<UserFactor>, Error> {
        let request = self.client.request(Method::GET, self.url(None));
        request.send::<Vec<UserFactor>>().await
    }

    /// One factor (`GET /api/v1/users/{userId}/factors/{factorId}`).
    ///
    /// # Errors
    /// [`Error::is_not_found`] when there is no such user or factor; any other API, transport
    /// or decoding error as is.
    pub async fn get(&self, factor: impl Into<FactorId>) -> Result<UserFactor, Error> {
        let url = self.url(Some(&factor.into()));
        self.client
            .request(Method::GET, url)
            .send::<UserFactor>()
            .await
    }

    /// Like [`get`](Self::get), but a missing factor (or user) is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(&self, factor: impl Into<FactorId>) -> Result<Option<UserFactor>, Error> {
        found(self.get(factor).await)
    }

    /// Enrolls a factor (`POST /api/v1/users/{userId}/factors`). A security question is
    /// `ACTIVE` at once; a TOTP app comes back `PENDING_ACTIVATION` until the user activates it.
    /// Never retried automatically: a second enrollment of the same type is refused.
    ///
    /// # Errors
    /// Not found; 400 `E0000001` for a body Okta refuses (an unknown question, a short answer,
    /// a provider the type does not support) or a factor type already enrolled; transport or
    /// decoding errors.
    pub async fn enroll(&self, factor: &NewUserFactor) -> Result<UserFactor, Error> {
        let request = self
            .client
            .request(Method::POST, self.url(None))
            .json(factor)
            .idempotent(false);
        request.send::<UserFactor>().await
    }

    /// Unenrolls a factor (`DELETE /api/v1/users/{userId}/factors/{factorId}`). Never retried
    /// automatically: a retry after a lost answer would report the factor as not found.
    ///
    /// # Errors
    /// Not found (no such user or factor); 403 for a deactivated user; transport errors.
    pub async fn delete(&self, factor: impl Into<FactorId>) -> Result<(), Error> {
        let url = self.url(Some(&factor.into()));
        let request = self.client.request(Method::DELETE, url).idempotent(false);
        request.send_no_content().await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use crate::api::test_support::offline_client;
    use crate::models::FactorId;

    #[test]
    fn factor_urls_put_the_ids_in_single_segments() {
        let factors = offline_client().users().factors("00u/1");
        assert_eq!(factors.url(None).path(), "/api/v1/users/00u%2F1/factors");
        let one = factors.url(Some(&FactorId::new("ufs1")));
        assert_eq!(one.path(), "/api/v1/users/00u%2F1/factors/ufs1");
    }
}
