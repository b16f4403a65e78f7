//! JSON read strictly: an object that names a key twice is refused. `serde_json` keeps the
//! last of two silently, so `{"amount": "1", "amount": "900000"}` would pass unnoticed.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A JSON value with no duplicate keys anywhere in it.
pub struct Strict(pub Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Strict, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

/// An object's fields in order, refusing a key named twice; the values as `V`.
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
                while let Some(key) = map.next_key::<String>()? {
                    if fields.iter().any(|(k, _)| *k == key) {
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

const TWICE: (&str, &str) = ("the key \"", "\" appears twice");

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

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        while let Some(Strict(value)) = seq.next_element()? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(twice(&key)));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_twice_is_refused_at_any_depth() {
        let parse = |text: &str| serde_json::from_str::<Strict>(text).map(|s| s.0);
        assert!(parse(r#"{"a": 1, "b": [{"c": 2}]}"#).is_ok());
        let twice = parse(r#"{"a": 1, "b": [{"c": 2, "c": 3}]}"#).unwrap_err();
        assert!(twice.to_string().contains("\"c\" appears twice"), "{twice}");
        assert!(parse(r#"{"a": 1, "a": 1}"#).is_err());
        let fields: Result<UniqueFields<Strict>, _> = serde_json::from_str(r#"{"x": 1, "x": 2}"#);
        assert_eq!(duplicate_key(&fields.err().unwrap()).as_deref(), Some("x"));
    }

    #[test]
    fn numbers_and_nesting_read_as_serde_json_reads_them() {
        let text = r#"{"n": -3, "u": 18446744073709551615, "f": 1.5, "s": "å", "z": null}"#;
        let strict = serde_json::from_str::<Strict>(text).unwrap().0;
        let plain: Value = serde_json::from_str(text).unwrap();
        assert_eq!(strict, plain);
    }
}
