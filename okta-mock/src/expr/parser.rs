//! A recursive-descent parser. Precedence, lowest first: `? :` (right-associative), `||`, `&&`,
//! `== !=`, `< <= > >=`, `+ -`, unary `! -`, member access `.`.

use serde_json::{Number, Value};

use super::ParseError;
use super::ast::{BinOp, Node, StringFn};
use super::lexer::{Tok, Token, tokenize};

/// Nesting beyond this is refused, so that hostile input cannot exhaust the stack (a real
/// mapping nests a handful of levels).
const MAX_DEPTH: usize = 100;
/// Longer expressions are refused for the same reason: evaluation recurses along
/// left-associative chains.
const MAX_TOKENS: usize = 4096;

/// Parses a whole expression.
pub(crate) fn parse(source: &str) -> Result<Node, ParseError> {
    let tokens = tokenize(source)?;
    if tokens.len() > MAX_TOKENS {
        return Err(ParseError::new(0, "expression is too long"));
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let node = parser.ternary()?;
    parser.expect(&Tok::End)?;
    Ok(node)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        // `tokenize` always ends with `End`, and `advance` never moves past it.
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if token.tok != Tok::End {
            self.at += 1;
        }
        token
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if &self.peek().tok == tok {
            self.advance();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok) -> Result<(), ParseError> {
        if self.eat(tok) {
            return Ok(());
        }
        let found = self.peek();
        let wanted = match tok {
            Tok::End => "the end of the expression".to_owned(),
            other => other.describe(),
        };
        Err(ParseError::new(
            found.pos,
            format!("expected {wanted}, found {}", found.tok.describe()),
        ))
    }

    fn expect_ident(&mut self, what: &str) -> Result<(String, usize), ParseError> {
        let token = self.advance();
        match token.tok {
            Tok::Ident(name) => Ok((name, token.pos)),
            other => Err(ParseError::new(
                token.pos,
                format!("expected {what}, found {}", other.describe()),
            )),
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                self.peek().pos,
                "expression is nested too deeply",
            ));
        }
        Ok(())
    }

    fn ternary(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let condition = self.or()?;
        let node = if self.eat(&Tok::Question) {
            let then = self.ternary()?;
            self.expect(&Tok::Colon)?;
            let otherwise = self.ternary()?;
            Node::Ternary(Box::new(condition), Box::new(then), Box::new(otherwise))
        } else {
            condition
        };
        self.depth -= 1;
        Ok(node)
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        let mut left = self.and()?;
        while self.eat(&Tok::Or) {
            left = Node::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        let mut left = self.equality()?;
        while self.eat(&Tok::And) {
            left = Node::And(Box::new(left), Box::new(self.equality()?));
        }
        Ok(left)
    }

    fn binary_level(
        &mut self,
        ops: &[(Tok, BinOp)],
        next: fn(&mut Self) -> Result<Node, ParseError>,
    ) -> Result<Node, ParseError> {
        let mut left = next(self)?;
        'chain: loop {
            for (tok, op) in ops {
                if self.eat(tok) {
                    left = Node::Binary(*op, Box::new(left), Box::new(next(self)?));
                    continue 'chain;
                }
            }
            return Ok(left);
        }
    }

    fn equality(&mut self) -> Result<Node, ParseError> {
        self.binary_level(
            &[(Tok::Eq, BinOp::Eq), (Tok::Ne, BinOp::Ne)],
            Self::relational,
        )
    }

    fn relational(&mut self) -> Result<Node, ParseError> {
        let ops = [
            (Tok::Le, BinOp::Le),
            (Tok::Ge, BinOp::Ge),
            (Tok::Lt, BinOp::Lt),
            (Tok::Gt, BinOp::Gt),
        ];
        self.binary_level(&ops, Self::additive)
    }

    fn additive(&mut self) -> Result<Node, ParseError> {
        self.binary_level(
            &[(Tok::Plus, BinOp::Add), (Tok::Minus, BinOp::Sub)],
            Self::unary,
        )
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        if self.eat(&Tok::Not) {
            self.enter()?;
            let node = Node::Not(Box::new(self.unary()?));
            self.depth -= 1;
            return Ok(node);
        }
        if self.eat(&Tok::Minus) {
            self.enter()?;
            let node = Node::Neg(Box::new(self.unary()?));
            self.depth -= 1;
            return Ok(node);
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Node, ParseError> {
        let (mut node, mut path) = self.primary()?;
        while self.eat(&Tok::Dot) {
            let (attr, pos) = self.expect_ident("an attribute name after `.`")?;
            if self.peek().tok == Tok::LParen {
                return Err(unknown_function(pos, &format!("{path}.{attr}")));
            }
            path = format!("{path}.{attr}");
            node = Node::Member(Box::new(node), attr);
        }
        Ok(node)
    }

    /// A primary expression and how it reads (for naming an unknown method in an error).
    fn primary(&mut self) -> Result<(Node, String), ParseError> {
        let token = self.advance();
        let literal = |v: Value| Ok((Node::Literal(v), String::from("literal")));
        match token.tok {
            Tok::Null => literal(Value::Null),
            Tok::True => literal(Value::Bool(true)),
            Tok::False => literal(Value::Bool(false)),
            Tok::Int(n) => literal(Value::from(n)),
            Tok::Float(f) => match Number::from_f64(f) {
                Some(n) => literal(Value::Number(n)),
                None => Err(ParseError::new(token.pos, "number is out of range")),
            },
            Tok::Str(s) => literal(Value::String(s)),
            Tok::LParen => {
                let inner = self.ternary()?;
                self.expect(&Tok::RParen)?;
                Ok((inner, String::from("(…)")))
            }
            Tok::Ident(name) => self.identifier(name, token.pos),
            other => Err(ParseError::new(
                token.pos,
                format!("expected an expression, found {}", other.describe()),
            )),
        }
    }

    fn identifier(&mut self, name: String, pos: usize) -> Result<(Node, String), ParseError> {
        if self.peek().tok == Tok::LParen {
            let node = match name.as_str() {
                "hasDirectoryUser" => Node::HasDirectoryUser,
                "findDirectoryUser" => Node::FindDirectoryUser,
                _ => return Err(unknown_function(pos, &name)),
            };
            self.advance();
            self.expect(&Tok::RParen)?;
            return Ok((node, format!("{name}()")));
        }
        match name.as_str() {
            "String" => self.string_call(),
            "user" => {
                self.expect(&Tok::Dot)?;
                let (attr, _) = self.expect_ident("a user attribute name after `user.`")?;
                if self.peek().tok == Tok::LParen {
                    return Err(unknown_function(pos, &format!("user.{attr}")));
                }
                Ok((Node::UserAttr(attr.clone()), format!("user.{attr}")))
            }
            "hasDirectoryUser" | "findDirectoryUser" => {
                let found = self.peek();
                Err(ParseError::new(
                    found.pos,
                    format!(
                        "expected `(` after `{name}`, found {}",
                        found.tok.describe()
                    ),
                ))
            }
            _ => {
                // Anything else is an app's variable name, resolved when evaluated.
                if self.peek().tok != Tok::Dot {
                    let found = self.peek();
                    return Err(ParseError::new(
                        found.pos,
                        format!(
                            "expected `.` and an attribute after app variable `{name}`, found {}",
                            found.tok.describe()
                        ),
                    ));
                }
                Ok((Node::AppUser(name.clone()), name))
            }
        }
    }

    fn string_call(&mut self) -> Result<(Node, String), ParseError> {
        self.expect(&Tok::Dot)?;
        let (name, pos) = self.expect_ident("a function name after `String.`")?;
        let function = StringFn::by_name(&name)
            .ok_or_else(|| unknown_function(pos, &format!("String.{name}")))?;
        self.expect(&Tok::LParen)?;
        let mut args = Vec::new();
        if !self.eat(&Tok::RParen) {
            loop {
                args.push(self.ternary()?);
                if self.eat(&Tok::RParen) {
                    break;
                }
                self.expect(&Tok::Comma)?;
            }
        }
        if args.len() != function.arity() {
            return Err(ParseError::new(
                pos,
                format!(
                    "String.{name} takes {} argument(s), found {}",
                    function.arity(),
                    args.len()
                ),
            ));
        }
        Ok((
            Node::StringCall(function, args),
            format!("String.{name}(…)"),
        ))
    }
}

fn unknown_function(pos: usize, name: &str) -> ParseError {
    ParseError::new(pos, format!("unknown function `{name}`"))
}
