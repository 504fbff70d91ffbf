//! Resident memory of this process, read from `/proc/self/status` (Linux only).

/// The current resident set size (`VmRSS`) in KiB, or `None` where `/proc` is unavailable.
pub fn current_kib() -> Option<u64> {
    status_field("VmRSS")
}

/// The peak resident set size so far (`VmHWM`, "high water mark") in KiB.
pub fn peak_kib() -> Option<u64> {
    status_field("VmHWM")
}

fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status_field(&status, name)
}

/// The value in KiB of a `Name:   123 kB` line of a `/proc/<pid>/status` text.
pub fn parse_status_field(status: &str, name: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.strip_prefix(':')?;
        let mut parts = rest.split_whitespace();
        let value = parts.next()?.parse().ok()?;
        // The kernel always reports these in kB; anything else is not a line we understand.
        (parts.next() == Some("kB")).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_is_read_from_its_own_line_and_not_from_a_prefix_match() {
        let status = "Name:\tx\nVmHWMX:\t1 kB\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n";
        assert_eq!(parse_status_field(status, "VmHWM"), Some(2048));
        assert_eq!(parse_status_field(status, "VmRSS"), Some(1024));
        assert_eq!(parse_status_field(status, "VmSwap"), None);
    }

    #[test]
    fn a_value_in_an_unknown_unit_is_not_taken() {
        assert_eq!(parse_status_field("VmRSS:\t12 MB\n", "VmRSS"), None);
    }

    #[test]
    fn this_process_reports_a_peak_at_least_as_large_as_its_current_size() {
        let (Some(now), Some(peak)) = (current_kib(), peak_kib()) else {
            panic!("/proc/self/status is readable on Linux");
        };
        assert!(now > 0 && peak >= now, "rss {now} KiB, peak {peak} KiB");
    }
}
