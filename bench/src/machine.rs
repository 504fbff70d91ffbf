//! The machine a run happened on, for the report's header.

use std::process::Command;

/// What the report says about the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// CPU model from /proc/cpuinfo.
    pub cpu: String,
    /// Logical CPUs (`nproc`).
    pub cpus: usize,
    /// `free -h` as printed.
    pub memory: String,
    /// `rustc --version`.
    pub rustc: String,
    /// The 1, 5 and 15-minute load averages (/proc/loadavg) when the run started.
    pub load: String,
}

impl Machine {
    /// Reads the machine's description; parts that cannot be read say "unknown".
    pub fn detect() -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| cpu_model(&text))
            .unwrap_or_else(|| "unknown".to_owned());
        let cpus = std::thread::available_parallelism().map_or(0, usize::from);
        Self {
            cpu,
            cpus,
            memory: command_output("free", &["-h"]),
            rustc: command_output("rustc", &["--version"]),
            load: std::fs::read_to_string("/proc/loadavg")
                .ok()
                .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| "unknown".to_owned()),
        }
    }

    /// The machine as Markdown lines.
    pub fn to_markdown(&self) -> String {
        format!(
            "- CPU: {} ({} logical CPUs, `nproc`)\n- rustc: {}\n- Load average at the start \
             (1, 5, 15 min): {}\n- Memory (`free -h`):\n\n```text\n{}\n```\n",
            self.cpu,
            self.cpus,
            self.rustc.trim(),
            self.load,
            self.memory.trim_end()
        )
    }
}

/// The first `model name` in a /proc/cpuinfo text.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim().to_owned())
    })
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_model_is_the_first_model_name_line() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n\
                    processor\t: 1\nmodel name\t: other\n";
        assert_eq!(
            cpu_model(text).as_deref(),
            Some("Intel(R) Xeon(R) CPU @ 2.20GHz")
        );
        assert_eq!(cpu_model("processor: 0\n"), None);
    }
}
