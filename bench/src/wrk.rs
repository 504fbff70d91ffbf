//! The load generator: runs `wrk` and reads requests/s and latency percentiles from its output.

use std::process::Command;
use std::time::Duration;

/// How wrk is run; the same settings for every server compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrkSettings {
    /// `-t`: load-generator threads.
    pub threads: u32,
    /// `-c`: keep-alive connections in total.
    pub connections: u32,
    /// `-d`: how long to load.
    pub duration: Duration,
}

impl WrkSettings {
    /// The settings as wrk arguments, as shown in the report.
    pub fn describe(&self) -> String {
        format!(
            "wrk -t{} -c{} -d{}s --latency",
            self.threads,
            self.connections,
            self.duration.as_secs()
        )
    }
}

/// What one wrk run measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WrkResult {
    /// Requests per second.
    pub requests_per_sec: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Requests completed.
    pub requests: u64,
    /// Responses with a status other than 2xx/3xx (should be 0).
    pub non_2xx: u64,
    /// Socket errors of any kind (connect, read, write, timeout).
    pub socket_errors: u64,
}

/// Why wrk gave no result.
#[derive(Debug, thiserror::Error)]
pub enum WrkError {
    /// wrk could not be started.
    #[error("cannot run wrk: {0}")]
    Spawn(#[from] std::io::Error),
    /// wrk exited with an error.
    #[error("wrk failed: {0}")]
    Failed(String),
    /// The output did not hold the expected lines.
    #[error("cannot read wrk's output ({0}): {1}")]
    Parse(&'static str, String),
}

/// True when a `wrk` executable is on the PATH.
pub fn installed() -> bool {
    Command::new("wrk").arg("--version").output().is_ok()
}

/// Loads `url` with wrk, sending `Authorization: <auth>` on every request.
///
/// # Errors
/// When wrk cannot be run, fails, or prints something unexpected.
pub fn run(settings: &WrkSettings, url: &str, auth: &str) -> Result<WrkResult, WrkError> {
    let output = Command::new("wrk")
        .arg(format!("-t{}", settings.threads))
        .arg(format!("-c{}", settings.connections))
        .arg(format!("-d{}s", settings.duration.as_secs().max(1)))
        .arg("--latency")
        .arg("-H")
        .arg(format!("Authorization: {auth}"))
        .arg(url)
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(WrkError::Failed(format!(
            "{} {}",
            stdout.trim(),
            stderr.trim()
        )));
    }
    parse(&stdout)
}

/// Reads wrk's `--latency` report.
///
/// # Errors
/// When the requests/s line or the percentile lines are missing or malformed.
pub fn parse(output: &str) -> Result<WrkResult, WrkError> {
    let field = |prefix: &str| {
        output
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix).map(str::trim))
    };
    let requests_per_sec = field("Requests/sec:")
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or_else(|| WrkError::Parse("Requests/sec", output.to_owned()))?;
    let p50 = field("50%")
        .and_then(parse_duration)
        .ok_or_else(|| WrkError::Parse("50%", output.to_owned()))?;
    let p99 = field("99%")
        .and_then(parse_duration)
        .ok_or_else(|| WrkError::Parse("99%", output.to_owned()))?;
    let requests = output
        .lines()
        .find_map(|l| {
            let l = l.trim();
            let (n, rest) = l.split_once(' ')?;
            rest.starts_with("requests in")
                .then(|| n.parse::<u64>().ok())?
        })
        .ok_or_else(|| WrkError::Parse("requests in", output.to_owned()))?;
    let non_2xx = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // "Socket errors: connect 0, read 1, write 0, timeout 2"
    let socket_errors = field("Socket errors:")
        .map(|v| {
            v.split(',')
                .filter_map(|part| part.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Ok(WrkResult {
        requests_per_sec,
        p50,
        p99,
        requests,
        non_2xx,
        socket_errors,
    })
}

/// `812.00us`, `1.23ms`, `2.00s`, `1.5m` as wrk prints them.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit {
        "us" => number / 1e6,
        "ms" => number / 1e3,
        "s" => number,
        "m" => number * 60.0,
        _ => return None,
    };
    Duration::try_from_secs_f64(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Running 1s test @ http://127.0.0.1:41234/api/v1/users/00u1
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  312.45us   8.12ms   90.12%
    Req/Sec    15.71k     1.20k   17.90k    70.00%
  Latency Distribution
     50%  812.00us
     75%    1.10ms
     90%    1.40ms
     99%    2.50ms
  31262 requests in 1.00s, 42.96MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:  31230.77
Transfer/sec:     42.92MB
";

    #[test]
    fn a_latency_report_yields_throughput_percentiles_and_errors() {
        let r = parse(SAMPLE).expect("parsed");
        assert!((r.requests_per_sec - 31230.77).abs() < 1e-6);
        assert_eq!(r.p50, Duration::from_micros(812));
        assert_eq!(r.p99, Duration::from_micros(2500));
        assert_eq!(r.requests, 31262);
        assert_eq!(r.non_2xx, 3);
        assert_eq!(r.socket_errors, 3);
    }

    #[test]
    fn output_without_percentiles_is_an_error_not_a_zero() {
        let cut = SAMPLE.replace("     99%    2.50ms\n", "");
        assert!(matches!(parse(&cut), Err(WrkError::Parse("99%", _))));
    }

    #[test]
    fn durations_in_every_unit_wrk_prints_are_read() {
        assert_eq!(parse_duration("2.00s"), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5m"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("3.00ms"), Some(Duration::from_millis(3)));
        assert_eq!(parse_duration("fast"), None);
    }
}
