//! `okta-bench serve`: okta-mock in its own process with N synthetic users, for the listing
//! suite (so the clients measured never share a process or a heap with the server).

use okta_mock::sim::FaultConfig;
use okta_mock::{MockConfig, MockServer};

use crate::child::LISTENING;
use crate::synth;

/// Loads `users` synthetic users, listens on `127.0.0.1:0`, prints
/// `okta-bench serve listening on URL` and serves until killed, injecting `faults` (seeded)
/// when given.
///
/// # Errors
/// When the fault spec is wrong, the server cannot start or the users cannot be loaded.
pub async fn serve(
    users: usize,
    faults: Option<&str>,
    seed: u64,
    time_scale: f64,
) -> Result<(), String> {
    let mut config = MockConfig::default().seed(seed).time_scale(time_scale);
    if let Some(spec) = faults {
        config = config.faults(FaultConfig::parse(spec).map_err(|e| e.to_string())?);
    }
    let server = MockServer::start_with(config)
        .await
        .map_err(|e| e.to_string())?;
    {
        let store = server.store();
        let mut store = store.write().map_err(|_| "the store lock is poisoned")?;
        synth::load_users(&mut store, 0..users).map_err(|e| e.to_string())?;
    }
    println!("{LISTENING}{}", server.base_url());
    // Serve until the parent kills this process.
    std::future::pending::<()>().await;
    Ok(())
}
