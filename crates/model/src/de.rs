//! Typed resources from JSON values, with the path of the field that does
//! not fit (`spec.http[0].route[0].weight`).
//!
//! A small `serde` deserializer over `&Value` that tracks where it is. It
//! replaces `serde_path_to_error` wrapped around serde_json's own value
//! deserializer: that pair instantiated every `Deserialize` impl's visitor
//! twice over (a wrapper per visitor), a large share of the wasm bundle.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde_json::{Map, Value};

/// A value that does not fit the type asked for, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    /// What is wrong, in serde's words (`invalid type: string "abc",
    /// expected i32`, ``missing field `host` ``).
    pub message: String,
    /// The field path (`spec.http[0].route`); empty for the document itself.
    pub path: String,
    /// Whether `path` has been set (by the innermost field that failed).
    located: bool,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), path: String::new(), located: false }
    }
}

impl DeError {
    /// Sets the path to `at`'s unless an inner field already did.
    fn at(mut self, at: &Chain<'_>) -> Self {
        if !self.located {
            self.path = at.to_string();
            self.located = true;
        }
        self
    }
}

/// Deserializes `T` from `v`; a failure says which field.
pub fn from_value<T: DeserializeOwned>(v: &Value) -> Result<T, DeError> {
    T::deserialize(ValueDe { v, at: &Chain::Root })
}

/// Where a value sits: a linked list from the field up to the document.
enum Chain<'a> {
    Root,
    Key(&'a Chain<'a>, &'a str),
    Index(&'a Chain<'a>, usize),
}

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Chain::Root => Ok(()),
            Chain::Key(Chain::Root, k) => f.write_str(k),
            Chain::Key(parent, k) => write!(f, "{parent}.{k}"),
            Chain::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// The deserializer of one value at one place.
struct ValueDe<'de, 'c> {
    v: &'de Value,
    at: &'c Chain<'c>,
}

impl<'de> ValueDe<'de, '_> {
    fn unexpected(&self) -> de::Unexpected<'de> {
        match self.v {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => de::Unexpected::Unsigned(u),
                (_, Some(i)) => de::Unexpected::Signed(i),
                _ => de::Unexpected::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'de, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.v {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(a) => {
                let mut seq = SeqDe { items: a.iter(), index: 0, at: self.at };
                let out = visitor.visit_seq(&mut seq)?;
                match seq.items.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(a.len(), &"fewer elements in array")),
                }
            }
            Value::Object(m) => visit_map(m, self.at, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.v {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.v {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::<DeError>::new(s)),
            Value::Object(m) if m.len() == 1 => {
                let (variant, v) = m.iter().next().expect("one entry");
                visitor.visit_enum(EnumDe { variant, v, at: self.at })
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &"a string or a one-entry map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

fn visit_map<'de, V: Visitor<'de>>(
    m: &'de Map<String, Value>,
    at: &Chain<'_>,
    visitor: V,
) -> Result<V::Value, DeError> {
    visitor.visit_map(MapDe { entries: m.iter(), value: None, at })
}

/// Deserializes the value `v` found at `at`; a failure inside it that has no
/// path yet gets `at`.
fn deserialize_at<'de, T: DeserializeSeed<'de>>(
    seed: T,
    v: &'de Value,
    at: &Chain<'_>,
) -> Result<T::Value, DeError> {
    seed.deserialize(ValueDe { v, at }).map_err(|e| e.at(at))
}

struct SeqDe<'de, 'c> {
    items: std::slice::Iter<'de, Value>,
    index: usize,
    at: &'c Chain<'c>,
}

impl<'de> SeqAccess<'de> for SeqDe<'de, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(v) = self.items.next() else { return Ok(None) };
        let at = Chain::Index(self.at, self.index);
        self.index += 1;
        deserialize_at(seed, v, &at).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'de, 'c> {
    entries: serde_json::map::Iter<'de>,
    value: Option<(&'de str, &'de Value)>,
    at: &'c Chain<'c>,
}

impl<'de> MapAccess<'de> for MapDe<'de, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((k, v)) = self.entries.next() else { return Ok(None) };
        self.value = Some((k, v));
        seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((k, v)) = self.value.take() else {
            return Err(de::Error::custom("a map value was asked for before its key"));
        };
        deserialize_at(seed, v, &Chain::Key(self.at, k))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as a one-entry map (`{variant: value}`).
struct EnumDe<'de, 'c> {
    variant: &'de str,
    v: &'de Value,
    at: &'c Chain<'c>,
}

impl<'de, 'c> EnumAccess<'de> for EnumDe<'de, 'c> {
    type Error = DeError;
    type Variant = EnumDe<'de, 'c>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), DeError> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<DeError>::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for EnumDe<'de, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.v {
            Value::Null => Ok(()),
            _ => Err(de::Error::invalid_type(
                ValueDe { v: self.v, at: self.at }.unexpected(),
                &"unit variant",
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        deserialize_at(seed, self.v, &Chain::Key(self.at, self.variant))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        let at = Chain::Key(self.at, self.variant);
        de::Deserializer::deserialize_any(ValueDe { v: self.v, at: &at }, visitor)
            .map_err(|e| e.at(&at))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.tuple_variant(0, visitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::virtual_service::VirtualService;

    fn vs(v: Value) -> Result<VirtualService, DeError> {
        from_value(&v)
    }

    #[test]
    fn reads_a_virtual_service() {
        let v = vs(json!({
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": "r", "labels": {"a": "b"}},
            "spec": {"hosts": ["r"], "http": [{"route": [{"destination": {"host": "r", "port": {"number": 80}}, "weight": 90}],
                     "timeout": "1s", "x-unknown": {"k": [1, 2.5, null, true]}}]}
        }))
        .unwrap();
        assert_eq!(v.spec.http[0].route[0].weight, Some(90));
        assert_eq!(v.spec.http[0].extra["x-unknown"], json!({"k": [1, 2.5, null, true]}));
    }

    #[test]
    fn says_which_field_does_not_fit() {
        let e = vs(json!({"apiVersion": "x", "kind": "VirtualService",
            "spec": {"http": [{"route": [{"destination": {"host": "r"}, "weight": "abc"}]}]}}))
        .unwrap_err();
        assert_eq!(e.path, "spec.http[0].route[0].weight");
        assert_eq!(e.message, "invalid type: string \"abc\", expected i32");
        let e = vs(json!({"apiVersion": "x", "kind": "VirtualService",
            "spec": {"http": [{"route": [{"weight": 1}]}]}}))
        .unwrap_err();
        assert_eq!(e.path, "spec.http[0].route[0]");
        assert_eq!(e.message, "missing field `destination`");
        let e = vs(json!({"apiVersion": "x", "kind": "VirtualService", "spec": []})).unwrap_err();
        assert_eq!(e.path, "spec");
        let e = vs(json!([1])).unwrap_err();
        assert_eq!(e.path, "");
    }
}
