//! The value model the field readers work on: JSON's, with text borrowed from the file
//! where it can be and an object's fields kept in order in a list.
//!
//! An application is some twenty fields, mostly short text without escapes. Read into
//! `serde_json::Value`, each key and each text was a string of its own and each object
//! a `BTreeMap`: the reading thread's largest cost in an import. Here text without
//! escapes points into the file, and an object is one list searched in order (faster than
//! a tree at twenty keys). Read strictly: an object that names a key twice is refused, at
//! any depth (`serde_json` keeps the last of two silently, so
//! `{"amount": "1", "amount": "900000"}` would pass unnoticed).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// A JSON value with no key twice in any object.
#[derive(Clone, Debug, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// An object's fields in the order written, no key twice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Node<'a>)>);

impl<'a> Object<'a> {
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node<'a>> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// Adds a field the object does not have yet: its caller knows (the keys come from a
    /// map that had each once), and a check here would make a large map's copy cost the
    /// square of its size.
    pub fn push(&mut self, key: impl Into<Cow<'a, str>>, value: Node<'a>) {
        self.0.push((key.into(), value));
    }
}

impl<'a> Node<'a> {
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// A field of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(object) => object.get(key),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Object<'a>> {
        match self {
            Node::Object(object) => Some(object),
            _ => None,
        }
    }

    /// A `serde_json` value's node, its text borrowed.
    pub fn borrowing(value: &'a serde_json::Value) -> Node<'a> {
        use serde_json::Value;
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Borrowed(s)),
            Value::Array(values) => Node::Array(values.iter().map(Node::borrowing).collect()),
            Value::Object(map) => Node::Object(Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::borrowing(v)))
                    .collect(),
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// An object's fields in order, refusing a key named twice; the values as `V` (the root
/// of an applications file, its list left unread as raw text).
pub struct UniqueFields<V>(pub Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueFields<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<UniqueFields<V>, D::Error> {
        struct FieldsVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for FieldsVisitor<V> {
            type Value = UniqueFields<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields: Vec<(String, V)> = Vec::new();
                let mut seen = SeenKeys::default();
                while let Some(key) = map.next_key::<String>()? {
                    spend(1)?;
                    if seen.named_before(&key, &fields, |(k, _)| k) {
                        return Err(de::Error::custom(twice(&key)));
                    }
                    fields.push((key, map.next_value()?));
                }
                Ok(UniqueFields(fields))
            }
        }
        deserializer.deserialize_map(FieldsVisitor(std::marker::PhantomData))
    }
}

/// A list's entries as raw text, each taking one of the document's budget ([`bounded`]).
pub struct RawList<'a>(pub Vec<&'a serde_json::value::RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for RawList<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawList<'a>, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = RawList<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = seq.next_element()? {
                    spend(1)?;
                    entries.push(entry);
                }
                Ok(RawList(entries))
            }
        }
        deserializer.deserialize_seq(ListVisitor)
    }
}

/// The keys of an object read so far, to find one named twice: the fields themselves,
/// searched in order, while there are few (an application's twenty, where that is
/// fastest); past [`SeenKeys::FEW`] a hash set of them, so an object of a million keys
/// costs about its length, not its square.
#[derive(Default)]
struct SeenKeys(Option<HashSet<String>>);

impl SeenKeys {
    const FEW: usize = 32;

    /// Whether `key` is among the keys of `earlier` (the fields read before it), and
    /// notes it as read.
    fn named_before<T>(&mut self, key: &str, earlier: &[T], key_of: impl Fn(&T) -> &str) -> bool {
        if self.0.is_none() && earlier.len() >= Self::FEW {
            self.0 = Some(earlier.iter().map(|e| key_of(e).to_string()).collect());
        }
        match &mut self.0 {
            Some(set) => !set.insert(key.to_string()),
            None => earlier.iter().any(|e| key_of(e) == key),
        }
    }
}

const TWICE: (&str, &str) = ("the key \"", "\" appears twice");

/// The message of a key named twice, which [`duplicate_key`] reads back.
fn twice(key: &str) -> String {
    format!("{}{key}{}", TWICE.0, TWICE.1)
}

/// The key a parse error says was named twice, if that is what it says.
pub fn duplicate_key(error: &serde_json::Error) -> Option<String> {
    let message = error.to_string();
    let rest = message.strip_prefix(TWICE.0)?;
    let end = rest.find(TWICE.1)?;
    Some(rest[..end].to_string())
}

/// Marks the parse error of a document over its budget ([`bounded`]), before the limit.
const OVER_BUDGET: &str = "more values than one document may hold: ";

thread_local! {
    /// What the document being read on this thread may still take, in slots, and what
    /// it started with (for the message) ([`bounded`]); none outside it.
    static BUDGET: std::cell::Cell<Option<(usize, usize)>> = const { std::cell::Cell::new(None) };
}

/// Runs `read` (a JSON parse) refusing a document that would take more than `slots` in
/// memory before it is all read: a value, a list's entry and an object's field take one,
/// an object the room it is made with. A file's size alone does not bound what it
/// becomes: `[{},{},…]` makes hundreds of bytes of tree for every three of text.
pub fn bounded<T>(slots: usize, read: impl FnOnce() -> T) -> T {
    BUDGET.set(Some((slots, slots)));
    let read = read();
    BUDGET.set(None);
    read
}

/// One JSON document as a [`Node`], [`bounded`].
pub fn parse_bounded(text: &str, slots: usize) -> Result<Node<'_>, serde_json::Error> {
    bounded(slots, || serde_json::from_str(text))
}

/// The budget a parse error says was exceeded ([`bounded`]), if that is what it says.
pub fn over_budget(error: &serde_json::Error) -> Option<usize> {
    let message = error.to_string();
    let rest = message.strip_prefix(OVER_BUDGET)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Takes `slots` from the document's budget, if it has one.
fn spend<E: de::Error>(slots: usize) -> Result<(), E> {
    match BUDGET.get() {
        None => Ok(()),
        Some((left, limit)) if left >= slots => {
            BUDGET.set(Some((left - slots, limit)));
            Ok(())
        }
        Some((_, limit)) => Err(E::custom(format!("{OVER_BUDGET}{limit}"))),
    }
}

/// The room an object is made with: an application's fields at once (some twenty).
const OBJECT_ROOM: usize = 24;

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(Number::from_f64(v).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut values = Vec::new();
        spend(1)?;
        while let Some(value) = seq.next_element()? {
            spend(1)?;
            values.push(value);
        }
        Ok(Node::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        // Room for an application's fields at once (some twenty): grown one by one, the
        // list was copied five times over.
        spend(OBJECT_ROOM)?;
        let mut fields: Vec<(Cow<'de, str>, Node<'de>)> = Vec::with_capacity(OBJECT_ROOM);
        let mut seen = SeenKeys::default();
        while let Some(Key(key)) = map.next_key()? {
            spend(1)?;
            if seen.named_before(&key, &fields, |(k, _)| k) {
                return Err(de::Error::custom(twice(&key)));
            }
            fields.push((key, map.next_value()?));
        }
        Ok(Node::Object(Object(fields)))
    }
}

/// An object's key, borrowed from the text where it has no escapes (serde's own
/// `Cow<str>` always copies).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_twice_is_refused_at_any_depth() {
        let parse = |text: &'static str| serde_json::from_str::<Node>(text);
        assert!(parse(r#"{"a": 1, "b": [{"c": 2}]}"#).is_ok());
        let twice = parse(r#"{"a": 1, "b": [{"c": 2, "c": 3}]}"#).unwrap_err();
        assert!(twice.to_string().contains("\"c\" appears twice"), "{twice}");
        assert_eq!(duplicate_key(&twice).as_deref(), Some("c"));
        assert!(parse(r#"{"a": 1, "a": 1}"#).is_err());
        let fields: Result<UniqueFields<Node>, _> = serde_json::from_str(r#"{"x": 1, "x": 2}"#);
        assert_eq!(duplicate_key(&fields.err().unwrap()).as_deref(), Some("x"));
        // The same key spelt with an escape is the same key.
        assert!(parse(r#"{"a": 1, "\u0061": 2}"#).is_err());
    }

    #[test]
    fn a_key_twice_among_many_is_refused_and_many_keys_cost_their_length() {
        // Past the few searched in order, the set takes over: the first key named twice
        // is still the one reported, in the objects of entries and of the root alike.
        let keys: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": 0")).collect();
        let many = format!("{{{}}}", keys.join(","));
        assert!(serde_json::from_str::<Node>(&many).is_ok());
        assert!(serde_json::from_str::<UniqueFields<Node>>(&many).is_ok());
        let twice = format!("{{{}, \"k5\": 1, \"k7\": 1}}", keys[..40].join(","));
        let error = serde_json::from_str::<Node>(&twice).unwrap_err();
        assert_eq!(duplicate_key(&error).as_deref(), Some("k5"));
        let error = serde_json::from_str::<UniqueFields<Node>>(&twice)
            .err()
            .unwrap();
        assert_eq!(duplicate_key(&error).as_deref(), Some("k5"));
    }

    #[test]
    fn numbers_text_and_nesting_read_as_serde_json_reads_them() {
        let text = r#"{"n": -3, "u": 18446744073709551615, "f": 1.5, "s": "å\n\"", "z": null,
                       "l": [true, {"k": "v"}], "e": {}}"#;
        let node: Node = serde_json::from_str(text).unwrap();
        let plain: serde_json::Value = serde_json::from_str(text).unwrap();
        // Fields in the order written, where `Value` sorts them: compared as nodes.
        let mut sorted = node.clone();
        if let Node::Object(Object(fields)) = &mut sorted {
            fields.sort_by(|a, b| a.0.cmp(&b.0));
        }
        assert_eq!(sorted, Node::borrowing(&plain));
        assert_eq!(node.get("s").and_then(Node::as_str), Some("å\n\""));
        assert_eq!(node.get("missing"), None);
    }

    #[test]
    fn text_without_escapes_is_borrowed() {
        let node: Node = serde_json::from_str(r#"{"plain": "Bodø", "escaped": "a\"b"}"#).unwrap();
        assert!(matches!(
            node.get("plain"),
            Some(Node::String(Cow::Borrowed("Bodø")))
        ));
        assert!(matches!(
            node.get("escaped"),
            Some(Node::String(Cow::Owned(_)))
        ));
    }
}
