//! A tiny positional binary format for serde, used only to carry the instrument to the widget: one
//! pack per language, which the loader fetches next to the wasm (`build.rs` writes them).
//!
//! Why not JSON: reading JSON (through `JSON.parse` and serde-wasm-bindgen, or serde_json) costs
//! tens of KB of wasm per page load for field-name matching and JS interop, and the text carries
//! every key. Here structs are written field by field in declaration order with a presence byte, so
//! `skip_serializing_if` fields read back as their `#[serde(default)]`; enums are variant indices;
//! strings and sequences are length-prefixed (LEB128). Both halves live in this file: `build.rs`
//! includes it to write the bytes and checks they read back equal, the widget reads them.
//! Not self-describing: `deserialize_any` is refused, which the instrument's types never need.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};
use serde::ser::{self, Serialize};

/// Why packing or unpacking failed (a build defect, never user input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedError(pub String);

impl fmt::Display for PackedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackedError {}

impl ser::Error for PackedError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PackedError(msg.to_string())
    }
}

impl de::Error for PackedError {
    /// In the browser the message is fixed: the bytes were checked when `build.rs` wrote them, and
    /// formatting serde's messages (`invalid type: floating point …`) would pull float printing
    /// into the wasm.
    #[cfg(target_arch = "wasm32")]
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        PackedError("the embedded instrument does not read back".to_owned())
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PackedError(msg.to_string())
    }
}

fn err<T>(what: &str) -> Result<T, PackedError> {
    Err(PackedError(what.to_owned()))
}

// ---------------------------------------------------------------------------------------------
// Writing (used by build.rs).

/// Packs a value: the lengths of the structure and of the first strings, the structure (lengths,
/// counts, presence bytes, variant indices), the bytes of every string but the English ones, then
/// the English ones (every field named `en`). Text next to text in the same language compresses
/// better than text interleaved with lengths or with its translation.
pub fn to_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, PackedError> {
    let mut p = Packer::default();
    value.serialize(&mut p)?;
    Ok(p.finish())
}

/// Packs a value with the texts of one language only: every string under a field named after the
/// other language (`es` or `en`, the fields of `tamiz_instrument::Text`) is written empty. A page
/// shows one language, so the widget downloads one such pack (`instrument-es.bin`, about half the
/// bytes of the bilingual one) and fetches the other only if the host switches `lang`.
pub fn to_bytes_in<T: Serialize + ?Sized>(value: &T, keep: &str) -> Result<Vec<u8>, PackedError> {
    let drop = match keep {
        "es" => "en",
        "en" => "es",
        other => return Err(PackedError(format!("no language `{other}` (es or en)"))),
    };
    let mut p = Packer {
        drop: Some(drop),
        ..Packer::default()
    };
    value.serialize(&mut p)?;
    Ok(p.finish())
}

/// FNV-1a (64 bit) of a pack. `build.rs` compiles each pack's fingerprint into the wasm, which
/// refuses a pack that does not match: a stale cached file from another release, or a damaged one,
/// is an error and never a screening with misplaced texts. (Not a defence against a hostile server:
/// one that can change the pack can change the wasm.)
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The writer; public only so `build.rs` can name it.
#[derive(Default)]
pub struct Packer {
    out: Vec<u8>,
    text: Vec<u8>,
    en: Vec<u8>,
    in_en: bool,
    /// The language field whose strings are written empty ([`to_bytes_in`]).
    drop: Option<&'static str>,
    dropping: bool,
}

impl Packer {
    /// A struct field: presence byte 1, then the value (its strings in the English stream when the
    /// field is named `en`, or empty when it is the dropped language).
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), PackedError> {
        self.out.push(1);
        let outer = (self.in_en, self.dropping);
        self.in_en = key == "en";
        self.dropping = self.drop == Some(key);
        let done = v.serialize(&mut *self);
        (self.in_en, self.dropping) = outer;
        done
    }

    /// The two lengths, the structure, the non-English strings, the English ones.
    fn finish(self) -> Vec<u8> {
        let mut all = Packer::default();
        all.varint(self.out.len() as u64);
        all.varint(self.text.len() as u64);
        all.out.extend_from_slice(&self.out);
        all.out.extend_from_slice(&self.text);
        all.out.extend_from_slice(&self.en);
        all.out
    }
}

impl Packer {
    fn varint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }
}

impl ser::Serializer for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), PackedError> {
        self.out.push(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), PackedError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), PackedError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), PackedError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), PackedError> {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), PackedError> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), PackedError> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), PackedError> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), PackedError> {
        self.varint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), PackedError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), PackedError> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), PackedError> {
        self.varint(u64::from(u32::from(v)));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), PackedError> {
        self.serialize_bytes(v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), PackedError> {
        if self.dropping {
            self.varint(0);
            return Ok(());
        }
        self.varint(v.len() as u64);
        if self.in_en {
            self.en.extend_from_slice(v);
        } else {
            self.text.extend_from_slice(v);
        }
        Ok(())
    }
    fn serialize_none(self) -> Result<(), PackedError> {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), PackedError> {
        self.out.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), PackedError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), PackedError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), PackedError> {
        self.varint(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), PackedError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), PackedError> {
        self.varint(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, PackedError> {
        match len {
            Some(n) => {
                self.varint(n as u64);
                Ok(self)
            }
            None => err("sequences must know their length"),
        }
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, PackedError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, PackedError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, PackedError> {
        self.varint(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, PackedError> {
        self.serialize_seq(len)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, PackedError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, PackedError> {
        self.varint(index.into());
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), PackedError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), PackedError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), PackedError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), PackedError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), PackedError> {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), PackedError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), PackedError> {
        self.field(key, v)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), PackedError> {
        self.out.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Packer {
    type Ok = ();
    type Error = PackedError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), PackedError> {
        self.field(key, v)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), PackedError> {
        self.out.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), PackedError> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading (used by the widget at startup).

/// Unpacks a value written by [`to_bytes`]; the whole input must be used.
pub fn from_bytes<'de, T: de::Deserialize<'de>>(input: &'de [u8]) -> Result<T, PackedError> {
    let mut u = Unpacker {
        input,
        text: &[],
        en: &[],
        in_en: false,
    };
    let (n, t) = (u.len()?, u.len()?);
    if n.checked_add(t).is_none_or(|end| end > u.input.len()) {
        return err("unexpected end");
    }
    let (structure, rest) = u.input.split_at(n);
    (u.input, (u.text, u.en)) = (structure, rest.split_at(t));
    let value = T::deserialize(&mut u)?;
    if u.input.is_empty() && u.text.is_empty() && u.en.is_empty() {
        Ok(value)
    } else {
        err("trailing bytes")
    }
}

/// The reader; public only so the types line up.
pub struct Unpacker<'de> {
    input: &'de [u8],
    text: &'de [u8],
    en: &'de [u8],
    in_en: bool,
}

impl<'de> Unpacker<'de> {
    fn byte(&mut self) -> Result<u8, PackedError> {
        let (&b, rest) = match self.input.split_first() {
            Some(x) => x,
            None => return err("unexpected end"),
        };
        self.input = rest;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, PackedError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift > 63 {
                return err("varint too long");
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn len(&mut self) -> Result<usize, PackedError> {
        usize::try_from(self.varint()?).or_else(|_| err("length too large"))
    }

    fn bytes(&mut self) -> Result<&'de [u8], PackedError> {
        let n = self.len()?;
        let text = if self.in_en {
            &mut self.en
        } else {
            &mut self.text
        };
        if n > text.len() {
            return err("unexpected end");
        }
        let (b, rest) = text.split_at(n);
        *text = rest;
        Ok(b)
    }

    fn str(&mut self) -> Result<&'de str, PackedError> {
        std::str::from_utf8(self.bytes()?).or_else(|_| err("invalid UTF-8"))
    }

    fn signed(&mut self) -> Result<i64, PackedError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

impl<'de> de::Deserializer<'de> for &mut Unpacker<'de> {
    type Error = PackedError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, PackedError> {
        err("the packed format is not self-describing")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        let b = self.byte()?;
        v.visit_bool(b != 0)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        self.deserialize_f64(v)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        if self.input.len() < 8 {
            return err("unexpected end");
        }
        let (b, rest) = self.input.split_at(8);
        self.input = rest;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        v.visit_f64(f64::from_le_bytes(a))
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        let c = u32::try_from(self.varint()?).ok().and_then(char::from_u32);
        match c {
            Some(c) => v.visit_char(c),
            None => err("invalid char"),
        }
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_borrowed_str(self.str()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_borrowed_bytes(self.bytes()?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_borrowed_bytes(self.bytes()?)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        match self.byte()? {
            0 => v.visit_none(),
            _ => v.visit_some(self),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, PackedError> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, PackedError> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        let n = self.len()?;
        v.visit_seq(Counted { de: self, left: n })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, PackedError> {
        v.visit_seq(Counted {
            de: self,
            left: len,
        })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, PackedError> {
        v.visit_seq(Counted {
            de: self,
            left: len,
        })
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        let n = self.len()?;
        v.visit_map(Counted { de: self, left: n })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, PackedError> {
        v.visit_seq(Fields { de: self, fields })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, PackedError> {
        v.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, PackedError> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, PackedError> {
        err("the packed format cannot skip values")
    }
    fn is_human_readable(&self) -> bool {
        false
    }
}

/// A sequence or map with a known count.
struct Counted<'a, 'de> {
    de: &'a mut Unpacker<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Counted<'_, 'de> {
    type Error = PackedError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, PackedError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Counted<'_, 'de> {
    type Error = PackedError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PackedError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, PackedError> {
        seed.deserialize(&mut *self.de)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// A struct's fields in order, each behind a presence byte (absent → the field's default).
struct Fields<'a, 'de> {
    de: &'a mut Unpacker<'de>,
    /// The names of the fields still to read (a field named `en` reads the English strings).
    fields: &'static [&'static str],
}

impl<'de> de::SeqAccess<'de> for Fields<'_, 'de> {
    type Error = PackedError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, PackedError> {
        let Some((name, rest)) = self.fields.split_first() else {
            return Ok(None);
        };
        self.fields = rest;
        match self.de.byte()? {
            0 => Ok(None),
            _ => {
                let outer = self.de.in_en;
                self.de.in_en = *name == "en";
                let value = seed.deserialize(&mut *self.de).map(Some);
                self.de.in_en = outer;
                value
            }
        }
    }
}

impl<'de> de::EnumAccess<'de> for &mut Unpacker<'de> {
    type Error = PackedError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), PackedError> {
        let index = u32::try_from(self.varint()?).or_else(|_| err("variant index too large"))?;
        let value = seed.deserialize(de::value::U32Deserializer::<PackedError>::new(index))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Unpacker<'de> {
    type Error = PackedError;
    fn unit_variant(self) -> Result<(), PackedError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, PackedError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, PackedError> {
        v.visit_seq(Counted {
            de: self,
            left: len,
        })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, PackedError> {
        v.visit_seq(Fields { de: self, fields })
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the instrument by hand (what the widget runs at startup).
//
// The same bytes as `from_bytes::<Parts>` reads through serde, read field by field without serde's
// visitors: the derived `Deserialize` impls of some 25 types, instantiated for this format, were the
// largest single item in the wasm. `build.rs` checks that this reader and the serde one both give
// back the instrument it packed, so a field added to the model without a line here fails the build.

/// Reads the packed instrument; `None` if the bytes do not fit the model.
pub fn read_instrument(input: &[u8]) -> Option<tamiz_instrument::Instrument> {
    let mut r = Reader {
        input,
        text: &[],
        en: &[],
        in_en: false,
        bad: false,
    };
    let n = r.len();
    let t = r.varint();
    let (structure, rest) = r.input.split_at(n);
    if t > rest.len() {
        r.bad = true;
    }
    let (text, en) = rest.split_at(t.min(rest.len()));
    (r.input, r.text, r.en) = (structure, text, en);
    let instrument = tamiz_instrument::Instrument {
        vocabulary: r.field(),
        results: r.field(),
        banks: r.field(),
        countries: r.field(),
    };
    (!r.bad && r.input.is_empty() && r.text.is_empty() && r.en.is_empty()).then_some(instrument)
}

/// Reads never fail midway: a problem sets `bad` and the read goes on with empty values (reads
/// past the end give zeros), checked once at the end. Returning early instead would need code to
/// drop every half-built value on every path, which cost more wasm than the reading itself.
struct Reader<'a> {
    input: &'a [u8],
    /// The strings' bytes but the English ones, after the structure.
    text: &'a [u8],
    /// The English strings' bytes, at the end.
    en: &'a [u8],
    /// Whether the string being read is an English one.
    in_en: bool,
    bad: bool,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        match self.input.split_first() {
            Some((&b, rest)) => {
                self.input = rest;
                b
            }
            None => {
                self.bad = true;
                0
            }
        }
    }

    /// A length or index. Every value takes at least one byte, so a count larger than what is left
    /// is corrupt (and would otherwise make a huge allocation).
    fn len(&mut self) -> usize {
        let v = self.varint();
        if v > self.input.len() {
            self.bad = true;
            return 0;
        }
        v
    }

    fn varint(&mut self) -> usize {
        let mut v = 0usize;
        let mut shift = 0;
        loop {
            let b = self.byte();
            if shift > 28 {
                self.bad = true;
                return 0;
            }
            v |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        v
    }

    /// A struct field that is always written (presence byte 1).
    fn field<T: Read>(&mut self) -> T {
        if self.byte() != 1 {
            self.bad = true;
        }
        T::read(self)
    }

    /// A struct field that may be skipped (`skip_serializing_if`): its default when absent.
    fn opt<T: Read + Default>(&mut self) -> T {
        match self.byte() {
            0 => T::default(),
            _ => T::read(self),
        }
    }
}

trait Read {
    fn read(r: &mut Reader<'_>) -> Self;
}

impl Read for String {
    fn read(r: &mut Reader<'_>) -> Self {
        let mut n = r.varint();
        let text = if r.in_en { &mut r.en } else { &mut r.text };
        if n > text.len() {
            r.bad = true;
            n = 0;
        }
        let (b, rest) = text.split_at(n);
        *text = rest;
        match std::str::from_utf8(b) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                r.bad = true;
                String::new()
            }
        }
    }
}

impl Read for bool {
    fn read(r: &mut Reader<'_>) -> Self {
        r.byte() != 0
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::read(r));
        }
        v
    }
}

impl<T: Read> Read for Option<T> {
    fn read(r: &mut Reader<'_>) -> Self {
        match r.byte() {
            0 => None,
            _ => Some(T::read(r)),
        }
    }
}

/// A map is written in key order, so its entries are taken as they come (no search per entry).
impl<K: Read + Ord, V: Read> Read for tamiz_engine::VecMap<K, V> {
    fn read(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let k = K::read(r);
            entries.push((k, V::read(r)));
        }
        tamiz_engine::VecMap::from_sorted(entries).unwrap_or_else(|| {
            r.bad = true;
            tamiz_engine::VecMap::new()
        })
    }
}

/// Unit enums: the variant index, in declaration order.
macro_rules! read_enum {
    ($($ty:ty => [$($v:expr),* $(,)?];)*) => {$(
        impl Read for $ty {
            fn read(r: &mut Reader<'_>) -> Self {
                const ALL: &[$ty] = &[$($v),*];
                let i = r.len();
                match ALL.get(i) {
                    Some(v) => *v,
                    None => {
                        r.bad = true;
                        ALL[0]
                    }
                }
            }
        }
    )*};
}

mod model {
    use super::{Read, Reader};
    use tamiz_engine::{Country, Evidence, IloIndicator, ObservationId, ReferralRoute, Role};
    use tamiz_instrument::{
        AnswerOption, Contact, ContactKind, CountryContent, DefiniteAnswer, Described, Institution,
        Labels, LegalElement, LegalRef, LegalTopic, OutcomeTexts, Question, QuestionBank,
        QuestionKind, Results, RouteText, Section, SkipRule, Text, Vocabulary,
    };

    read_enum! {
        Role => [Role::Inspector, Role::Migration, Role::Prosecutor, Role::SelfCheck];
        Country => [Country::Colombia, Country::Ecuador, Country::Peru];
        Evidence => [
            Evidence::WorkerStatement,
            Evidence::OfficialObservation,
            Evidence::Document,
            Evidence::ThirdPartyStatement,
        ];
        IloIndicator => [
            IloIndicator::AbuseOfVulnerability,
            IloIndicator::Deception,
            IloIndicator::RestrictionOfMovement,
            IloIndicator::Isolation,
            IloIndicator::PhysicalAndSexualViolence,
            IloIndicator::IntimidationAndThreats,
            IloIndicator::RetentionOfIdentityDocuments,
            IloIndicator::WithholdingOfWages,
            IloIndicator::DebtBondage,
            IloIndicator::AbusiveWorkingAndLivingConditions,
            IloIndicator::ExcessiveOvertime,
        ];
        ReferralRoute => [
            ReferralRoute::Emergency,
            ReferralRoute::ChildProtection,
            ReferralRoute::Prosecutor,
            ReferralRoute::SpecialisedAssessment,
            ReferralRoute::LabourInspection,
            ReferralRoute::VictimAssistance,
            ReferralRoute::MigrationProtection,
        ];
        QuestionKind => [QuestionKind::YesNo, QuestionKind::Age];
        AnswerOption => [
            AnswerOption::Yes,
            AnswerOption::No,
            AnswerOption::Unknown,
            AnswerOption::Declined,
        ];
        DefiniteAnswer => [DefiniteAnswer::Yes, DefiniteAnswer::No];
        LegalElement => [
            LegalElement::Act,
            LegalElement::Means,
            LegalElement::Purpose,
            LegalElement::ForcedLabour,
            LegalElement::Smuggling,
            LegalElement::Victim,
        ];
        LegalTopic => [
            LegalTopic::Trafficking,
            LegalTopic::ForcedLabour,
            LegalTopic::Smuggling,
            LegalTopic::NonPunishment,
        ];
        ContactKind => [
            ContactKind::Phone,
            ContactKind::Whatsapp,
            ContactKind::Email,
            ContactKind::Web,
            ContactKind::App,
            ContactKind::InPerson,
        ];
    }

    /// Written as its text id.
    impl Read for ObservationId {
        fn read(r: &mut Reader<'_>) -> Self {
            match String::read(r).parse() {
                Ok(id) => id,
                Err(_) => {
                    r.bad = true;
                    ObservationId::ALL[0]
                }
            }
        }
    }

    /// Spanish, then English from the English strings.
    impl Read for Text {
        fn read(r: &mut Reader<'_>) -> Self {
            let es = r.field();
            r.in_en = true;
            let en = r.field();
            r.in_en = false;
            Text { es, en }
        }
    }

    /// Structs whose fields are all always written, in declaration order.
    macro_rules! read_struct {
        ($($ty:ident { $($f:ident),* $(,)? })*) => {$(
            impl Read for $ty {
                fn read(r: &mut Reader<'_>) -> Self {
                    $ty { $($f: r.field()),* }
                }
            }
        )*};
    }

    read_struct! {
        Described { name, description }
        RouteText { title, official, self_check }
        Section { id, title }
        Results { official, self_check }
        Vocabulary {
            answers, age_label, evidence, evidence_question, observations, ilo, notes,
            self_notes, routes, topics, labels,
        }
        OutcomeTexts {
            forced_labour_yes, forced_labour_no, forced_labour_indeterminate, trafficking_yes,
            trafficking_no, trafficking_indeterminate, child, urgency_immediate, urgency_priority,
            urgency_routine, labour_rights_concern, category_private_economy,
            category_commercial_sexual, category_state_imposed, rights, closing,
        }
        Labels {
            result, forced_labour, trafficking, urgency, indicators, uncertain, evidence, notes,
            legal, referral, unconfirmed, source, checked, elements, act, means, purpose,
            not_required, finding_yes, finding_no, finding_indeterminate, no_contact, ilo,
            contact_phone, contact_whatsapp, contact_email, contact_web, contact_app,
            contact_in_person, country_co, country_ec, country_pe, role_inspector,
            role_migration, role_prosecutor, role_self, rights, evidence_by_element, signs,
        }
        CountryContent { country, legal, institutions }
    }

    impl Read for SkipRule {
        fn read(r: &mut Reader<'_>) -> Self {
            SkipRule {
                question: r.opt(),
                answers: r.opt(),
                known_adult: r.opt(),
                known_minor: r.opt(),
            }
        }
    }

    impl Read for Question {
        fn read(r: &mut Reader<'_>) -> Self {
            Question {
                id: r.field(),
                kind: r.field(),
                text: r.field(),
                help: r.field(),
                observations: r.field(),
                inverted: r.opt(),
                sets_minor: r.opt(),
                evidence: r.opt(),
                skip_if: r.opt(),
                element: r.opt(),
                section: r.opt(),
            }
        }
    }

    impl Read for QuestionBank {
        fn read(r: &mut Reader<'_>) -> Self {
            QuestionBank {
                role: r.field(),
                intro: r.field(),
                sections: r.opt(),
                questions: r.field(),
            }
        }
    }

    impl Read for LegalRef {
        fn read(r: &mut Reader<'_>) -> Self {
            LegalRef {
                id: r.field(),
                topic: r.field(),
                article: r.field(),
                summary: r.field(),
                confirmed: r.field(),
                source: r.field(),
                checked: r.field(),
                note: r.opt(),
            }
        }
    }

    impl Read for Contact {
        fn read(r: &mut Reader<'_>) -> Self {
            Contact {
                kind: r.field(),
                value: r.field(),
                note: r.opt(),
                confirmed: r.field(),
                source: r.field(),
                checked: r.field(),
            }
        }
    }

    impl Read for Institution {
        fn read(r: &mut Reader<'_>) -> Self {
            Institution {
                id: r.field(),
                country: r.opt(),
                routes: r.field(),
                name: r.field(),
                does: r.field(),
                confirmed: r.field(),
                source: r.field(),
                checked: r.field(),
                contacts: r.field(),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn case_facts_and_assessments_round_trip() {
        let facts = tamiz_engine::CaseFacts::from_json(
            r#"{"country":"EC","role":"prosecutor","person":{"minor":true},
                "observations":{"coe_threats":"declined","act_recruitment":"yes","exp_sexual":"unknown"},
                "evidence":{"coe_threats":"document"}}"#,
        )
        .unwrap();
        let back: tamiz_engine::CaseFacts = from_bytes(&to_bytes(&facts).unwrap()).unwrap();
        assert_eq!(back, facts);
        let a = tamiz_engine::assess(&facts);
        let back: tamiz_engine::Assessment = from_bytes(&to_bytes(&a).unwrap()).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let bytes = to_bytes(&vec!["uno".to_owned(), "dos".to_owned()]).unwrap();
        for n in 0..bytes.len() {
            assert!(from_bytes::<Vec<String>>(&bytes[..n]).is_err());
        }
        assert!(from_bytes::<Vec<String>>(&[bytes.as_slice(), &[0]].concat()).is_err());
    }

    #[test]
    fn the_hand_written_reader_reads_the_instrument_and_refuses_damage() {
        let instrument = tamiz_instrument::Instrument::builtin().unwrap();
        let bytes = to_bytes(instrument).unwrap();
        assert_eq!(read_instrument(&bytes).as_ref(), Some(instrument));
        for n in (0..bytes.len()).step_by(997) {
            assert!(read_instrument(&bytes[..n]).is_none(), "truncated at {n}");
        }
        assert!(read_instrument(&[bytes.as_slice(), &[0]].concat()).is_none());
        let mut bad = bytes.clone();
        // The first presence byte (after the two lengths) made neither 0 nor 1.
        let ends: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] & 0x80 == 0).collect();
        bad[ends[1] + 1] = 7;
        assert!(read_instrument(&bad).is_none());
    }
}
