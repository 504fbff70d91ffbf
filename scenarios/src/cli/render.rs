//! Printing a report: a table for people, JSON lines for programs.

use std::io::{self, Write};

use crate::immutable_id::{Report, UserReport};

/// One JSON object per line per user.
///
/// # Errors
/// When writing fails.
pub fn json_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for user in &report.users {
        let line = serde_json::to_string(user).map_err(io::Error::other)?;
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A table with one row per user.
///
/// # Errors
/// When writing fails.
pub fn table(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    const HEADERS: [&str; 6] = [
        "LOGIN",
        "OUTCOME",
        "SOURCE",
        "IMMUTABLE ID",
        "PREVIOUS",
        "MESSAGE",
    ];
    let rows: Vec<[String; 6]> = report.users.iter().map(row).collect();
    let mut widths = HEADERS.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| -> String {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let pad = w - cell.chars().count();
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        text.trim_end().to_owned()
    };
    writeln!(out, "{}", line(HEADERS))?;
    for r in &rows {
        let cells = [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]].map(|c| c.as_str());
        writeln!(out, "{}", line(cells))?;
    }
    Ok(())
}

fn row(user: &UserReport) -> [String; 6] {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    [
        user.login.clone(),
        user.outcome.to_string(),
        or_dash(&user.source),
        or_dash(&user.immutable_id),
        or_dash(&user.previous),
        user.message.clone(),
    ]
}
