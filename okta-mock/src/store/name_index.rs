//! An index of the profile attributes that searches and `q` name most (`email`, `firstName`,
//! `lastName`; `login` has its own index), so that `eq` and `sw` on them read a range of
//! candidates instead of every user of the org.
//!
//! Keys are lower-cased, as the `search` dialect compares: the candidates of a comparison are
//! then a superset of its matches in either dialect, and every candidate is still checked
//! against the whole expression.

use std::collections::BTreeSet;
use std::ops::Bound;

use serde_json::Value;

use super::profile::Profile;
use super::query::{Expr, Literal, Op};
use super::record::Id;

/// The indexed profile attributes, by their names in the profile.
pub(crate) const INDEXED: [&str; 3] = ["email", "firstName", "lastName"];

/// Lower-cased values of the [`INDEXED`] attributes, each with its user's id.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    by_attribute: [BTreeSet<(Box<str>, Id)>; 3],
    /// Users holding a value that is neither a string nor null in an indexed attribute (a
    /// number, an array): their matches are not decided by text, so they are always candidates.
    irregular: BTreeSet<Id>,
}

/// A comparison an index can answer: `attribute` (a profile attribute name), `eq` or `sw`, and
/// the lower-cased text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Lookup<'q> {
    pub(crate) attribute: &'q str,
    pub(crate) prefix_only: bool,
    pub(crate) text: String,
}

impl NameIndex {
    /// Adds a user's indexed values.
    pub(crate) fn insert(&mut self, id: &Id, profile: &Profile) {
        for (set, attribute) in self.by_attribute.iter_mut().zip(INDEXED) {
            match profile.get(attribute) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => {
                    set.insert((s.to_lowercase().into(), Id::clone(id)));
                }
                Some(_) => {
                    self.irregular.insert(Id::clone(id));
                }
            }
        }
    }

    /// Removes a user's indexed values (`profile` as it was when inserted).
    pub(crate) fn remove(&mut self, id: &Id, profile: &Profile) {
        for (set, attribute) in self.by_attribute.iter_mut().zip(INDEXED) {
            if let Some(Value::String(s)) = profile.get(attribute) {
                set.remove(&(s.to_lowercase().into(), Id::clone(id)));
            }
        }
        self.irregular.remove(id);
    }

    /// The ids that may satisfy `lookup`, in no particular order and possibly repeated; `None`
    /// when the index cannot narrow the search: the attribute is not indexed, or more than
    /// `cap` users may match (reading the org in id order then fills a page sooner than
    /// gathering and sorting them all, e.g. for a one-letter `q`).
    pub(crate) fn candidates<'a>(&'a self, lookup: &Lookup<'_>, cap: usize) -> Option<Vec<&'a Id>> {
        let position = INDEXED.iter().position(|a| *a == lookup.attribute)?;
        let text = lookup.text.as_str();
        let from = (Box::<str>::from(text), Id::from(""));
        let hits = self.by_attribute[position]
            .range((Bound::Included(from), Bound::Unbounded))
            .take_while(|(value, _)| {
                if lookup.prefix_only {
                    value.starts_with(text)
                } else {
                    **value == *text
                }
            })
            .map(|(_, id)| id);
        let ids: Vec<&Id> = hits
            .chain(self.irregular.iter())
            .take(cap.saturating_add(1))
            .collect();
        (ids.len() <= cap).then_some(ids)
    }
}

/// How many candidates an index may hand to a paged listing before reading every user in id
/// order is the cheaper way to fill a page: past it, at least one user in
/// `org size / CANDIDATE_CAP` matches.
pub(crate) const CANDIDATE_CAP: usize = 4096;

/// A comparison of `expr` that every match must satisfy and that an index can answer: the
/// expression itself, or one side of an `and`. `login` is included (it has its own index).
pub(crate) fn lookup_in(expr: &Expr) -> Option<Lookup<'_>> {
    match expr {
        Expr::And(a, b) => lookup_in(a).or_else(|| lookup_in(b)),
        Expr::Compare {
            attribute,
            op: op @ (Op::Eq | Op::Sw),
            value: Literal::Str(text),
        } => {
            let name = attribute.strip_prefix("profile.")?;
            (name == "login" || INDEXED.contains(&name)).then(|| Lookup {
                attribute: name,
                prefix_only: *op == Op::Sw,
                text: text.to_lowercase(),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::query::{Dialect, Query};

    fn any(_: &str, _: Option<Op>) -> Result<(), String> {
        Ok(())
    }

    const LOOSE: Dialect = Dialect {
        check: any,
        is_timestamp: |_| false,
        case_insensitive: true,
    };

    fn lookup(expr: &str) -> Option<(String, bool, String)> {
        let q = Query::compile(expr, &LOOSE).unwrap();
        lookup_in(q.expr()).map(|l| (l.attribute.to_owned(), l.prefix_only, l.text))
    }

    #[test]
    fn a_comparison_every_match_needs_is_found_on_either_side_of_an_and() {
        assert_eq!(
            lookup(r#"profile.lastName sw "Lo""#),
            Some(("lastName".into(), true, "lo".into()))
        );
        assert_eq!(
            lookup(r#"status eq "ACTIVE" and profile.email eq "A@X.IO""#),
            Some(("email".into(), false, "a@x.io".into()))
        );
        assert_eq!(
            lookup(r#"profile.login sw "ada""#),
            Some(("login".into(), true, "ada".into()))
        );
    }

    #[test]
    fn an_or_a_contains_or_an_unindexed_attribute_has_no_lookup() {
        assert_eq!(
            lookup(r#"profile.lastName sw "a" or status eq "ACTIVE""#),
            None
        );
        assert_eq!(lookup(r#"profile.lastName co "a""#), None);
        assert_eq!(lookup(r#"profile.department eq "R&D""#), None);
    }
}
