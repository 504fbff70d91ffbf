//! Child processes: a mock in its own process (`okta-bench serve`), and list clients that
//! print one JSON result line.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use serde::Deserialize;

/// The line `okta-bench serve` prints once it listens, before the URL.
pub const LISTENING: &str = "okta-bench serve listening on ";

/// An `okta-bench serve` process; killed when dropped.
#[derive(Debug)]
pub struct ServeChild {
    child: Child,
    url: String,
}

impl ServeChild {
    /// Starts `okta-bench serve --users N` and waits until it has loaded them and listens.
    ///
    /// # Errors
    /// When the process cannot start or exits before printing its URL.
    pub fn spawn(users: usize) -> Result<Self, String> {
        Self::spawn_with(users, &[])
    }

    /// As [`spawn`](Self::spawn), with more `okta-bench serve` arguments (`--faults …`).
    ///
    /// # Errors
    /// As [`spawn`](Self::spawn).
    pub fn spawn_with(users: usize, extra: &[String]) -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| format!("cannot find okta-bench: {e}"))?;
        let mut child = Command::new(exe)
            .args(["serve", "--users", &users.to_string()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start okta-bench serve: {e}"))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            return Err("okta-bench serve has no stdout".to_owned());
        };
        let mut lines = BufReader::new(stdout).lines();
        let url = lines.find_map(|line| {
            line.ok()
                .and_then(|l| l.strip_prefix(LISTENING).map(|u| u.trim().to_owned()))
        });
        match url {
            Some(url) => Ok(Self { child, url }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err("okta-bench serve exited before listening".to_owned())
            }
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ServeChild {
    fn drop(&mut self) {
        // Only the process this value started, by its own handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The result line every list client prints last (Rust, Python and Node alike).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientRun {
    /// Users received.
    pub items: u64,
    /// Seconds from the first request to the last user, measured inside the client (so an
    /// interpreter's start-up is not counted against it).
    pub seconds: f64,
    /// Peak resident set size of the whole client process in KiB, read by the process itself at
    /// its end (`VmHWM`, `ru_maxrss`, `process.resourceUsage().maxRSS`: the same kernel figure).
    pub peak_rss_kib: u64,
}

impl ClientRun {
    /// Users per second.
    pub fn items_per_sec(&self) -> f64 {
        if self.seconds > 0.0 {
            self.items as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Runs a list client to its end and reads its result line.
///
/// # Errors
/// When it cannot start, fails, or prints no result line.
pub fn run_client(mut command: Command, what: &str) -> Result<ClientRun, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: String = stderr.lines().rev().take(5).collect::<Vec<_>>().join(" / ");
        return Err(format!("{what} failed ({}): {tail}", output.status));
    }
    parse_result_line(&stdout).ok_or_else(|| format!("{what} printed no result line"))
}

/// The last line of `stdout` that is a [`ClientRun`] JSON object.
pub fn parse_result_line(stdout: &str) -> Option<ClientRun> {
    stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<ClientRun>(l.trim()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_is_the_last_json_line_whatever_was_printed_before() {
        let out = "warming up\n{\"items\":1,\"seconds\":1.0,\"peakRssKib\":1}\n\
                   {\"items\":100000,\"seconds\":2.5,\"peakRssKib\":20480}\n";
        let run = parse_result_line(out).expect("a result");
        assert_eq!(run.items, 100_000);
        assert_eq!(run.peak_rss_kib, 20_480);
        assert!((run.items_per_sec() - 40_000.0).abs() < 1e-9);
    }

    #[test]
    fn output_without_a_result_line_gives_none() {
        assert_eq!(
            parse_result_line("Traceback (most recent call last):\n"),
            None
        );
    }
}
