//! Splits a filter or search expression into tokens, keeping each token's position for errors.

use super::ParseError;

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A word: an attribute path (`profile.login`), an operator or a keyword.
    Word(String),
    /// A double-quoted string, escapes resolved.
    Str(String),
    /// A number.
    Num(f64),
    /// `(`
    Open,
    /// `)`
    Close,
}

/// Tokenizes `input`; each token comes with its character position.
pub(crate) fn tokenize(input: &str) -> Result<Vec<(usize, Tok)>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((start, Tok::Open));
                i += 1;
            }
            ')' => {
                out.push((start, Tok::Close));
                i += 1;
            }
            '"' => {
                let (s, next) = string(&chars, i)?;
                out.push((start, Tok::Str(s)));
                i = next;
            }
            c if c == '-' || c.is_ascii_digit() => {
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || ".-+".contains(chars[i]))
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = text
                    .parse::<f64>()
                    .map_err(|_| ParseError::new(start, format!("Invalid number '{text}'")))?;
                out.push((start, Tok::Num(n)));
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                while i < chars.len() && (chars[i].is_alphanumeric() || "_.$-".contains(chars[i])) {
                    i += 1;
                }
                out.push((start, Tok::Word(chars[start..i].iter().collect())));
            }
            other => {
                return Err(ParseError::new(
                    start,
                    format!("Unexpected character '{other}'"),
                ));
            }
        }
    }
    Ok(out)
}

/// Reads a string starting at the opening quote; returns it and the index after the closing one.
fn string(chars: &[char], open: usize) -> Result<(String, usize), ParseError> {
    let mut s = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '"' => return Ok((s, i + 1)),
            '\\' => {
                let esc = chars
                    .get(i + 1)
                    .ok_or_else(|| ParseError::new(i, "Unterminated escape sequence"))?;
                match esc {
                    '"' | '\\' | '/' => s.push(*esc),
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let hex: String = chars.iter().skip(i + 2).take(4).collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == 4)
                            .and_then(char::from_u32)
                            .ok_or_else(|| ParseError::new(i, "Invalid \\u escape"))?;
                        s.push(code);
                        i += 4;
                    }
                    other => {
                        return Err(ParseError::new(i, format!("Invalid escape '\\{other}'")));
                    }
                }
                i += 2;
            }
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(ParseError::new(open, "Unterminated string"))
}
