//! Arabic joining types and contextual forms.
//!
//! A PDF font draws every Arabic letter in one of four contextual forms. Which form a
//! letter takes depends only on its own joining type and on the nearest non-transparent
//! neighbours, as Unicode's `ArabicShaping.txt` defines (via the `unicode-joining-type`
//! crate). The damage simulator and the candidate generator both rest on this module, so
//! they agree by construction on where a letter could have been lost.

use std::fmt;
use unicode_joining_type::{get_joining_type, JoiningType};

/// The contextual form a letter is drawn in.
///
/// ```
/// use tarmim::joining::{forms, Form};
/// let f: Vec<Form> = forms("على").map(|(_, _, f)| f).collect();
/// assert_eq!(f, [Form::Initial, Form::Medial, Form::Final]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Form {
    /// Joins neither neighbour (ى in الذى after ذ, or a lone letter).
    Isolated,
    /// Joins only the following letter.
    Initial,
    /// Joins both neighbours.
    Medial,
    /// Joins only the preceding letter.
    Final,
}

impl Form {
    /// All four forms, in a fixed order.
    ///
    /// ```
    /// assert_eq!(tarmim::joining::Form::ALL.len(), 4);
    /// ```
    pub const ALL: [Form; 4] = [Form::Isolated, Form::Initial, Form::Medial, Form::Final];

    /// The form's English name, as used in profile strings (`"medial"`).
    ///
    /// ```
    /// assert_eq!(tarmim::joining::Form::Final.name(), "final");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Form::Isolated => "isolated",
            Form::Initial => "initial",
            Form::Medial => "medial",
            Form::Final => "final",
        }
    }

    /// Parses a form name (`isolated`, `initial`, `medial`, `final`, or their first letter).
    ///
    /// ```
    /// use tarmim::joining::Form;
    /// assert_eq!(Form::parse("medial"), Some(Form::Medial));
    /// assert_eq!(Form::parse("f"), Some(Form::Final));
    /// ```
    pub fn parse(s: &str) -> Option<Form> {
        match s.trim().to_ascii_lowercase().as_str() {
            "isolated" | "isol" | "iso" | "i" => Some(Form::Isolated),
            "initial" | "init" | "ini" => Some(Form::Initial),
            "medial" | "medi" | "med" | "m" => Some(Form::Medial),
            "final" | "fina" | "fin" | "f" => Some(Form::Final),
            _ => None,
        }
    }

    fn from_joins(prev: bool, next: bool) -> Form {
        match (prev, next) {
            (false, false) => Form::Isolated,
            (false, true) => Form::Initial,
            (true, true) => Form::Medial,
            (true, false) => Form::Final,
        }
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a character takes part in joining, simplified from Unicode's joining types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Joining {
    /// Joins on both sides (ب, ك, ي, ى, and tatweel).
    Dual,
    /// Joins only to the letter before it (ا, د, ر, و, ة).
    Right,
    /// Joins only to the letter after it (rare outside Arabic).
    Left,
    /// Skipped when looking for neighbours (harakat).
    Transparent,
    /// Breaks joining (spaces, punctuation, ء, Latin).
    None,
}

fn joining(c: char) -> Joining {
    if c.is_ascii() {
        return Joining::None;
    }
    match get_joining_type(c) {
        JoiningType::DualJoining | JoiningType::JoinCausing => Joining::Dual,
        JoiningType::RightJoining => Joining::Right,
        JoiningType::LeftJoining => Joining::Left,
        JoiningType::Transparent => Joining::Transparent,
        _ => Joining::None,
    }
}

/// Whether `c` can connect to a letter after it.
fn joins_forward(j: Joining) -> bool {
    matches!(j, Joining::Dual | Joining::Left)
}

/// Whether `c` can connect to a letter before it.
fn joins_backward(j: Joining) -> bool {
    matches!(j, Joining::Dual | Joining::Right)
}

/// Whether `c` connects to a letter after it: what [`form_between`] asks of `prev`.
pub(crate) fn joins_following(c: char) -> bool {
    joins_forward(joining(c))
}

/// Whether `c` connects to a letter before it: what [`form_between`] asks of `next`.
pub(crate) fn joins_preceding(c: char) -> bool {
    joins_backward(joining(c))
}

/// Whether `c` is transparent to joining (harakat and other combining marks).
///
/// ```
/// assert!(tarmim::joining::is_transparent('\u{064E}')); // fatha
/// assert!(!tarmim::joining::is_transparent('ب'));
/// ```
pub fn is_transparent(c: char) -> bool {
    joining(c) == Joining::Transparent
}

/// Whether `c` is a letter that takes contextual forms (it joins on at least one side).
///
/// ```
/// assert!(tarmim::joining::takes_forms('ك'));
/// assert!(tarmim::joining::takes_forms('د'));
/// assert!(!tarmim::joining::takes_forms('ء'));
/// assert!(!tarmim::joining::takes_forms('a'));
/// ```
pub fn takes_forms(c: char) -> bool {
    matches!(joining(c), Joining::Dual | Joining::Right | Joining::Left) && c != TATWEEL
}

/// The tatweel (kashida), a join-causing filler that justification inserts.
pub const TATWEEL: char = '\u{0640}';

/// Iterates over the letters of `text` with their contextual forms:
/// `(byte offset, letter, form)`. Transparent marks and non-joining characters are
/// skipped; tatweel is skipped but still joins its neighbours.
///
/// ```
/// use tarmim::joining::{forms, Form};
/// let v: Vec<_> = forms("في").collect();
/// assert_eq!(v, [(0, 'ف', Form::Initial), (2, 'ي', Form::Final)]);
/// ```
pub fn forms(text: &str) -> Forms<'_> {
    Forms {
        text,
        pos: 0,
        prev_joins_forward: false,
    }
}

/// Iterator returned by [`forms`].
#[derive(Clone, Debug)]
pub struct Forms<'t> {
    text: &'t str,
    pos: usize,
    prev_joins_forward: bool,
}

impl Iterator for Forms<'_> {
    type Item = (usize, char, Form);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rest = &self.text[self.pos..];
            let c = rest.chars().next()?;
            let at = self.pos;
            self.pos += c.len_utf8();
            let j = joining(c);
            match j {
                Joining::Transparent => continue,
                Joining::None => {
                    self.prev_joins_forward = false;
                    continue;
                }
                _ => {}
            }
            let joins_prev = self.prev_joins_forward && joins_backward(j);
            let next = next_joining(&self.text[self.pos..]);
            let joins_next = joins_forward(j) && next.is_some_and(joins_backward);
            self.prev_joins_forward = joins_forward(j);
            if c == TATWEEL {
                continue;
            }
            return Some((at, c, Form::from_joins(joins_prev, joins_next)));
        }
    }
}

/// The joining class of the first non-transparent character of `rest`.
fn next_joining(rest: &str) -> Option<Joining> {
    rest.chars()
        .map(joining)
        .find(|&j| j != Joining::Transparent)
}

/// Whether `letter` has the contextual form `form` at all: right-joining letters (ا د ر و
/// ة …) have no initial or medial form.
///
/// ```
/// use tarmim::joining::{form_exists, Form};
/// assert!(form_exists('ب', Form::Medial));
/// assert!(!form_exists('د', Form::Medial));
/// ```
pub fn form_exists(letter: char, form: Form) -> bool {
    match joining(letter) {
        Joining::Dual => true,
        Joining::Right => matches!(form, Form::Isolated | Form::Final),
        Joining::Left => matches!(form, Form::Isolated | Form::Initial),
        _ => false,
    }
}

/// The form `letter` takes between a predecessor that does or does not join forward and a
/// successor that does or does not join backward. Used to reason about a letter that is
/// not in the text (because it was dropped).
///
/// ```
/// use tarmim::joining::{form_between, Form};
/// // ي after ف at the end of a word is final.
/// assert_eq!(form_between(Some('ف'), 'ي', None), Form::Final);
/// // ي after د cannot join back: isolated.
/// assert_eq!(form_between(Some('د'), 'ي', None), Form::Isolated);
/// ```
pub fn form_between(prev: Option<char>, letter: char, next: Option<char>) -> Form {
    let j = joining(letter);
    let joins_prev = joins_backward(j) && prev.map(joining).is_some_and(joins_forward);
    let joins_next = joins_forward(j) && next.map(joining).is_some_and(joins_backward);
    Form::from_joins(joins_prev, joins_next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Vec<(char, Form)> {
        forms(s).map(|(_, c, f)| (c, f)).collect()
    }

    #[test]
    fn sample_forms() {
        use Form::*;
        assert_eq!(
            f("العسكرية"),
            [
                ('ا', Isolated),
                ('ل', Initial),
                ('ع', Medial),
                ('س', Medial),
                ('ك', Medial),
                ('ر', Final),
                ('ي', Initial),
                ('ة', Final)
            ]
        );
        assert_eq!(f("الذي").last(), Some(&('ي', Isolated)));
        assert_eq!(f("كبرى").last(), Some(&('ى', Isolated)));
        assert_eq!(f("على").last(), Some(&('ى', Final)));
    }

    #[test]
    fn harakat_and_tatweel_are_transparent_to_joining() {
        use Form::*;
        assert_eq!(f("أنّه"), [('أ', Isolated), ('ن', Initial), ('ه', Final)]);
        assert_eq!(f("كـتب"), [('ك', Initial), ('ت', Medial), ('ب', Final)]);
    }

    #[test]
    fn hamza_breaks_joining() {
        use Form::*;
        assert_eq!(f("جزءي"), [('ج', Initial), ('ز', Final), ('ي', Isolated)]);
    }
}
