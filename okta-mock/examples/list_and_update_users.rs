//! List users with a search expression and update each one with a partial update.
//!
//! ```sh
//! cargo run -p okta-mock --example list_and_update_users
//! ```
//!
//! It runs on the embedded demo org on a free loopback port, so it writes nothing anywhere. For
//! your own org, replace the two lines that start the mock with
//! `let client = okta_client::Client::from_env()?;` (`OKTA_CLIENT_ORGURL` and
//! `OKTA_CLIENT_TOKEN`, or `okta.yaml`), and mind that it then updates real users.

use futures::TryStreamExt as _;
use okta_client::api::UserUpdate;
use okta_mock::{MockConfig, MockServer, scenario::default_scenario};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start_with(MockConfig::default().scenario(default_scenario())).await?;
    let client = mock.client()?;

    // Okta evaluates the search expression; the stream follows the `Link` headers page by page.
    let engineers = client
        .users()
        .list()
        .search("profile.department eq \"Engineering\"");
    let mut engineers = engineers.items();
    let mut updated = 0;
    while let Some(user) = engineers.try_next().await? {
        // A partial update: only `title` changes, and `mobilePhone` is cleared (sent as null).
        let update = UserUpdate::new()
            .set("title", "Engineer")
            .clear("mobilePhone");
        let user = client.users().update(&user.id, &update).await?;
        println!("{}: title {:?}", user.login(), user.profile.title);
        updated += 1;
    }
    println!("{updated} user(s) updated");
    mock.shutdown().await;
    Ok(())
}
