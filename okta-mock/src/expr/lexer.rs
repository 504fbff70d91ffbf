//! Tokens of the Expression Language subset, each with the column where it starts.

use super::ParseError;

/// A token kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    Float(f64),
    True,
    False,
    Null,
    Dot,
    Comma,
    LParen,
    RParen,
    Question,
    Colon,
    Plus,
    Minus,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Not,
    End,
}

impl Tok {
    /// How the token reads in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(name) => format!("identifier `{name}`"),
            Tok::Str(_) => "a string literal".to_owned(),
            Tok::Int(_) | Tok::Float(_) => "a number".to_owned(),
            Tok::End => "the end of the expression".to_owned(),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::True => "true",
            Tok::False => "false",
            Tok::Null => "null",
            Tok::Dot => ".",
            Tok::Comma => ",",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Question => "?",
            Tok::Colon => ":",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Eq => "==",
            Tok::Ne => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::And => "&&",
            Tok::Or => "||",
            Tok::Not => "!",
            _ => "",
        }
    }
}

/// A token and the 0-based character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: usize,
}

/// Splits an expression into tokens, ending with [`Tok::End`].
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = if c.is_ascii_alphabetic() || c == '_' || c == '$' {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '$'))
            {
                i += 1;
            }
            keyword_or_ident(chars[start..i].iter().collect())
        } else if c.is_ascii_digit() {
            let (tok, end) = number(&chars, start)?;
            i = end;
            tok
        } else if c == '\'' || c == '"' {
            let (text, end) = string(&chars, start)?;
            i = end;
            Tok::Str(text)
        } else {
            let next = chars.get(i + 1).copied();
            let (tok, len) = match (c, next) {
                ('=', Some('=')) => (Tok::Eq, 2),
                ('!', Some('=')) => (Tok::Ne, 2),
                ('<', Some('=')) => (Tok::Le, 2),
                ('>', Some('=')) => (Tok::Ge, 2),
                ('&', Some('&')) => (Tok::And, 2),
                ('|', Some('|')) => (Tok::Or, 2),
                ('<', _) => (Tok::Lt, 1),
                ('>', _) => (Tok::Gt, 1),
                ('!', _) => (Tok::Not, 1),
                ('.', _) => (Tok::Dot, 1),
                (',', _) => (Tok::Comma, 1),
                ('(', _) => (Tok::LParen, 1),
                (')', _) => (Tok::RParen, 1),
                ('?', _) => (Tok::Question, 1),
                (':', _) => (Tok::Colon, 1),
                ('+', _) => (Tok::Plus, 1),
                ('-', _) => (Tok::Minus, 1),
                ('=', _) => {
                    return Err(ParseError::new(
                        start,
                        "`=` is assignment; compare with `==`",
                    ));
                }
                _ => {
                    return Err(ParseError::new(
                        start,
                        format!("unexpected character `{c}`"),
                    ));
                }
            };
            i += len;
            tok
        };
        tokens.push(Token { tok, pos: start });
    }
    tokens.push(Token {
        tok: Tok::End,
        pos: chars.len(),
    });
    Ok(tokens)
}

/// SpEL's word operators (`and`, `or`, `not`) are case-insensitive; literals are lowercase.
fn keyword_or_ident(word: String) -> Tok {
    match word.to_ascii_lowercase().as_str() {
        "and" => return Tok::And,
        "or" => return Tok::Or,
        "not" => return Tok::Not,
        _ => {}
    }
    match word.as_str() {
        "true" => Tok::True,
        "false" => Tok::False,
        "null" => Tok::Null,
        _ => Tok::Ident(word),
    }
}

fn number(chars: &[char], start: usize) -> Result<(Tok, usize), ParseError> {
    let mut i = start;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    // A dot followed by a digit continues the number; otherwise it is member access.
    let is_float = chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
    if is_float {
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
    }
    let text: String = chars[start..i].iter().collect();
    let tok = if is_float {
        text.parse().map(Tok::Float).ok()
    } else {
        text.parse().map(Tok::Int).ok()
    };
    tok.map(|t| (t, i))
        .ok_or_else(|| ParseError::new(start, format!("number `{text}` is out of range")))
}

/// A quoted string. Both quote styles; backslash escapes, and SpEL's doubled quote (`'it''s'`).
fn string(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
    let quote = chars[start];
    let mut text = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(ParseError::new(start, "unterminated string literal")),
            Some(&c) if c == quote => {
                if chars.get(i + 1) == Some(&quote) {
                    text.push(quote);
                    i += 2;
                } else {
                    return Ok((text, i + 1));
                }
            }
            Some('\\') => {
                let escaped = match chars.get(i + 1) {
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some('r') => '\r',
                    Some(&c @ ('\\' | '\'' | '"')) => c,
                    Some(&c) => {
                        return Err(ParseError::new(i, format!("unknown escape `\\{c}`")));
                    }
                    None => return Err(ParseError::new(start, "unterminated string literal")),
                };
                text.push(escaped);
                i += 2;
            }
            Some(&c) => {
                text.push(c);
                i += 1;
            }
        }
    }
}
