//! What a suite hands back, and how it is written as Markdown.

use std::fmt::Write as _;

/// Whether a target was met.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Met.
    Met,
    /// Missed; the text says why (as far as the run shows).
    Missed(String),
    /// Not measured in this run; the text says why (e.g. "skipped: wrk not installed").
    Skipped(String),
}

impl Verdict {
    /// `Met` when `ok`, else `Missed(reason)`.
    pub fn from_check(ok: bool, reason: impl Into<String>) -> Self {
        if ok {
            Self::Met
        } else {
            Self::Missed(reason.into())
        }
    }

    fn text(&self) -> String {
        match self {
            Self::Met => "met".to_owned(),
            Self::Missed(why) => format!("**missed**: {why}"),
            Self::Skipped(why) => format!("skipped: {why}"),
        }
    }
}

/// One target of the issue, with the figure measured against it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// What is compared, e.g. "user GET: mock / bare requests/s".
    pub name: String,
    /// The target, e.g. "≥ 0.5×".
    pub target: String,
    /// The measured figure, e.g. "0.62× (31,000 / 50,000 req/s)".
    pub measured: String,
    /// Met, missed or skipped.
    pub verdict: Verdict,
}

/// A table of results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers and no rows.
    pub fn new(headers: &[&str]) -> Self {
        Self {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// The results of one suite.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuiteReport {
    /// The suite's heading.
    pub title: String,
    /// How it was measured (sizes, settings, caveats), one sentence each.
    pub method: Vec<String>,
    /// The measurements.
    pub tables: Vec<Table>,
    /// The targets and whether they were met.
    pub targets: Vec<TargetCheck>,
}

impl SuiteReport {
    /// An empty report titled `title`.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// Adds a sentence on method.
    pub fn note(&mut self, sentence: impl Into<String>) {
        self.method.push(sentence.into());
    }

    /// Adds a target check.
    pub fn target(
        &mut self,
        name: impl Into<String>,
        target: impl Into<String>,
        measured: impl Into<String>,
        verdict: Verdict,
    ) {
        self.targets.push(TargetCheck {
            name: name.into(),
            target: target.into(),
            measured: measured.into(),
            verdict,
        });
    }

    /// The suite as Markdown (a `##` section).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("## {}\n\n", self.title);
        for sentence in &self.method {
            let _ = writeln!(out, "- {sentence}");
        }
        if !self.method.is_empty() {
            out.push('\n');
        }
        for table in &self.tables {
            out.push_str(&render_table(table));
            out.push('\n');
        }
        if !self.targets.is_empty() {
            let mut targets =
                Table::new(&["target", "wanted", "measured (ratio, same run)", "verdict"]);
            for t in &self.targets {
                targets.row(vec![
                    t.name.clone(),
                    t.target.clone(),
                    t.measured.clone(),
                    t.verdict.text(),
                ]);
            }
            out.push_str(&render_table(&targets));
            out.push('\n');
        }
        out
    }
}

fn escape(cell: &str) -> String {
    cell.replace('|', "\\|").replace('\n', " ")
}

fn render_table(table: &Table) -> String {
    let mut out = String::new();
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&line(&table.headers));
    out.push_str(&format!("|{}\n", "---|".repeat(table.headers.len())));
    for row in &table.rows {
        out.push_str(&line(row));
    }
    out
}

/// `n` with thousands separators: `1234567.8` → `1,234,568`.
pub fn thousands(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let rounded = n.round().abs() as u64;
    let digits = rounded.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 && rounded > 0 {
        out.insert(0, '-');
    }
    out
}

/// A ratio `a / b` as text (`0.62×`), or `n/a` when `b` is zero.
pub fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 || !a.is_finite() || !b.is_finite() {
        return "n/a".to_owned();
    }
    format!("{:.2}×", a / b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_get_thousands_separators() {
        assert_eq!(thousands(1_234_567.8), "1,234,568");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(-12_345.0), "-12,345");
    }

    #[test]
    fn a_ratio_over_zero_is_not_a_number_we_print() {
        assert_eq!(ratio(3.0, 4.0), "0.75×");
        assert_eq!(ratio(3.0, 0.0), "n/a");
    }

    #[test]
    fn a_suite_renders_its_tables_and_a_missed_target_in_bold() {
        let mut suite = SuiteReport::new("Mock throughput");
        suite.note("wrk, 2 threads");
        let mut table = Table::new(&["server", "req/s"]);
        table.row(vec!["mock | axum".into(), "10".into()]);
        suite.tables.push(table);
        suite.target(
            "mock / bare",
            "≥ 0.5×",
            "0.40×",
            Verdict::Missed("slow".into()),
        );
        let md = suite.to_markdown();
        assert!(md.starts_with("## Mock throughput\n\n- wrk, 2 threads\n"));
        assert!(md.contains("| server | req/s |\n|---|---|\n| mock \\| axum | 10 |\n"));
        assert!(md.contains("| mock / bare | ≥ 0.5× | 0.40× | **missed**: slow |"));
    }
}
