//! Printing a report: a table for people, JSON lines for programs.
//!
//! The default table fits [`TABLE_WIDTH`] columns, because a terminal that wraps rows makes a
//! table unreadable: each user's message goes on its own indented line under the row, wrapped
//! at word boundaries, and a cell too long for its column (a garbage `PREVIOUS`, a very long
//! login) is shortened with `…`; the outcome never is. `--wide` prints one row per user with
//! every cell in full; `--json` prints everything for programs.

use std::io::{self, Write};

use crate::immutable_id::{Report, UserReport};

/// The width the default table fits in.
pub const TABLE_WIDTH: usize = 120;

const HEADERS: [&str; 6] = [
    "LOGIN",
    "OUTCOME",
    "SOURCE",
    "IMMUTABLE ID",
    "PREVIOUS",
    "MESSAGE",
];
/// The narrowest each column of the default table is shortened to. The outcome is what a reader
/// acts on: never cut.
const MIN_WIDTHS: [usize; 5] = [16, usize::MAX, 10, 12, 8];
const GAP: usize = 2;
/// The indent of the message line under a row.
const MESSAGE_INDENT: &str = "    ";

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

/// A table with one row per user, fitting [`TABLE_WIDTH`] columns (each message on its own
/// wrapped line) unless `wide`. Returns true when a cell was shortened.
///
/// # Errors
/// When writing fails.
pub fn table(report: &Report, wide: bool, out: &mut dyn Write) -> io::Result<bool> {
    let rows: Vec<[String; 6]> = report.users.iter().map(row).collect();
    if wide {
        let widths = natural_widths(&HEADERS.map(str::to_owned), &rows);
        writeln!(out, "{}", line(&HEADERS.map(str::to_owned), &widths))?;
        for r in &rows {
            writeln!(out, "{}", line(r, &widths))?;
        }
        return Ok(false);
    }
    let cells = |r: &[String; 6]| -> [String; 5] { std::array::from_fn(|i| r[i].clone()) };
    let headers: [String; 5] = std::array::from_fn(|i| HEADERS[i].to_owned());
    let short_rows: Vec<[String; 5]> = rows.iter().map(cells).collect();
    let mut widths = natural_widths(&headers, &short_rows);
    let natural = widths;
    fit(&mut widths, TABLE_WIDTH);
    writeln!(out, "{}", line(&headers, &widths))?;
    for (r, full) in short_rows.iter().zip(&rows) {
        writeln!(out, "{}", line(r, &widths))?;
        for text in wrap(&full[5], TABLE_WIDTH - MESSAGE_INDENT.len()) {
            writeln!(out, "{MESSAGE_INDENT}{text}")?;
        }
    }
    Ok(widths != natural)
}

fn natural_widths<const N: usize>(headers: &[String; N], rows: &[[String; N]]) -> [usize; N] {
    let mut widths = headers.clone().map(|h| h.chars().count());
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    widths
}

/// Narrows the widest shrinkable column, one character at a time, until the row fits `total`
/// or every column is at its minimum.
fn fit(widths: &mut [usize; 5], total: usize) {
    let gaps = GAP * (widths.len() - 1);
    // Bounded: each pass takes one character off, and there are at most sum(widths) of them.
    while widths.iter().sum::<usize>() + gaps > total {
        let slack = |i: usize| widths[i].saturating_sub(MIN_WIDTHS[i]);
        let Some(widest) = (0..widths.len())
            .filter(|&i| slack(i) > 0)
            .max_by_key(|&i| (slack(i), i))
        else {
            return;
        };
        widths[widest] -= 1;
    }
}

fn line<const N: usize>(cells: &[String; N], widths: &[usize; N]) -> String {
    let mut text = String::new();
    for (i, (cell, &w)) in cells.iter().zip(widths).enumerate() {
        let cell = shorten(cell, w);
        text.push_str(&cell);
        if i + 1 < cells.len() {
            let pad = w - cell.chars().count();
            text.push_str(&" ".repeat(pad + GAP));
        }
    }
    text.trim_end().to_owned()
}

/// `text` in lines of at most `width` characters, broken between words (a word longer than a
/// line is cut into pieces).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if needed > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` cut to `width` characters, ending in `…` when cut.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cell_is_cut_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abcd", 4), "abcd");
    }

    #[test]
    fn columns_narrow_until_the_row_fits_but_never_below_their_minimum() {
        let mut widths = [40, 22, 30, 24, 48];
        fit(&mut widths, TABLE_WIDTH);
        assert!(
            widths.iter().sum::<usize>() + GAP * 4 <= TABLE_WIDTH,
            "{widths:?}"
        );
        assert_eq!(widths[1], 22, "the outcome is never cut");
        assert!(
            widths[0] >= MIN_WIDTHS[0] && widths[4] >= MIN_WIDTHS[4],
            "{widths:?}"
        );
        let mut narrow = [5, 7, 6, 12, 8];
        fit(&mut narrow, TABLE_WIDTH);
        assert_eq!(narrow, [5, 7, 6, 12, 8], "a table that fits is left alone");
    }

    #[test]
    fn messages_wrap_between_words_and_lose_nothing() {
        let text =
            "corp.example.com holds \"35918bc9-196d\", not an Immutable ID: converted it is x";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" ").replace("-196d\" ", "-196d\", "),
            lines.join(" ")
        );
        let rejoined: String = lines.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(rejoined, original);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }
}
