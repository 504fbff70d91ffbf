//! Recursive descent over the tokens: `or` binds looser than `and`, parentheses group,
//! operators and keywords are case-insensitive, attribute names are kept as written.

use super::lexer::Tok;
use super::{Expr, Literal, Op, ParseError};

/// Parses a whole expression.
pub(crate) fn parse(tokens: &[(usize, Tok)], end: usize) -> Result<Expr, ParseError> {
    let mut p = Parser {
        tokens,
        pos: 0,
        end,
    };
    let expr = p.or()?;
    match p.peek() {
        None => Ok(expr),
        Some((at, tok)) => Err(ParseError::new(
            *at,
            format!("Unexpected {}", describe(tok)),
        )),
    }
}

struct Parser<'a> {
    tokens: &'a [(usize, Tok)],
    pos: usize,
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&(usize, Tok)> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<&(usize, Tok)> {
        let t = self.tokens.get(self.pos);
        self.pos += 1;
        t
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some((_, Tok::Word(w))) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.primary()?;
        while self.keyword("and") {
            self.pos += 1;
            let right = self.primary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let end = self.end;
        let Some((at, tok)) = self.next().cloned() else {
            return Err(ParseError::new(end, "Unexpected end of expression"));
        };
        match tok {
            Tok::Open => {
                let inner = self.or()?;
                match self.next() {
                    Some((_, Tok::Close)) => Ok(inner),
                    Some((at, tok)) => Err(ParseError::new(
                        *at,
                        format!("Expected ')' but found {}", describe(tok)),
                    )),
                    None => Err(ParseError::new(end, "Missing ')'")),
                }
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("not") => {
                Err(ParseError::new(at, "The 'not' operator is not supported"))
            }
            Tok::Word(w) if is_keyword(&w) => Err(ParseError::new(
                at,
                format!("Expected an attribute but found '{w}'"),
            )),
            Tok::Word(attribute) => self.comparison(attribute),
            other => Err(ParseError::new(
                at,
                format!("Expected an attribute but found {}", describe(&other)),
            )),
        }
    }

    fn comparison(&mut self, attribute: String) -> Result<Expr, ParseError> {
        let end = self.end;
        let (at, op) = match self.next() {
            Some((at, Tok::Word(w))) => (*at, w.to_ascii_lowercase()),
            Some((at, tok)) => {
                return Err(ParseError::new(
                    *at,
                    format!("Expected an operator but found {}", describe(tok)),
                ));
            }
            None => {
                return Err(ParseError::new(
                    end,
                    format!("Missing operator after '{attribute}'"),
                ));
            }
        };
        let op = match op.as_str() {
            "pr" => return Ok(Expr::Present { attribute }),
            "eq" => Op::Eq,
            "sw" => Op::Sw,
            "co" => Op::Co,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            other => return Err(ParseError::new(at, format!("Unknown operator '{other}'"))),
        };
        let value = match self.next() {
            Some((_, Tok::Str(s))) => Literal::Str(s.clone()),
            Some((_, Tok::Num(n))) => Literal::Num(*n),
            Some((_, Tok::Word(w))) if w.eq_ignore_ascii_case("true") => Literal::Bool(true),
            Some((_, Tok::Word(w))) if w.eq_ignore_ascii_case("false") => Literal::Bool(false),
            Some((_, Tok::Word(w))) if w.eq_ignore_ascii_case("null") => Literal::Null,
            Some((at, tok)) => {
                return Err(ParseError::new(
                    *at,
                    format!("Expected a value but found {}", describe(tok)),
                ));
            }
            None => {
                return Err(ParseError::new(
                    end,
                    format!("Missing value after '{}'", op.as_str()),
                ));
            }
        };
        Ok(Expr::Compare {
            attribute,
            op,
            value,
        })
    }
}

fn is_keyword(w: &str) -> bool {
    ["and", "or", "eq", "sw", "co", "gt", "ge", "lt", "le", "pr"]
        .iter()
        .any(|k| w.eq_ignore_ascii_case(k))
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Word(w) => format!("'{w}'"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Num(n) => format!("{n}"),
        Tok::Open => "'('".to_owned(),
        Tok::Close => "')'".to_owned(),
    }
}
